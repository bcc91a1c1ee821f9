import { index, route, type RouteConfig } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  route("count", "routes/count.ts"),
  route("login", "routes/login.ts"),
  route("logout", "routes/logout.ts"),
] satisfies RouteConfig;
