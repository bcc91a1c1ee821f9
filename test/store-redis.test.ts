import { inject } from "vitest";
import { describeStore } from "./suites/store-suite";

const redisUrl = inject("redisUrl");
let database = 0;

describeStore({
  name: "redis",
  // A key prefix per sessions object keeps suites apart on one server.
  storage: () => ({ driver: "redis", url: redisUrl, base: `suite${database++}` }),
  serverSide: true,
  skip: redisUrl ? undefined : "no Redis available",
});
