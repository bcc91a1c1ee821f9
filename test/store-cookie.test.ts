import { describeStore } from "./suites/store-suite";

describeStore({ name: "cookie", storage: () => "cookie", serverSide: false });
