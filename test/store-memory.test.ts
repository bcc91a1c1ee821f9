import { describeStore } from "./suites/store-suite";

describeStore({ name: "memory", storage: () => "memory:", serverSide: true });
