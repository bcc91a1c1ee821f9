// Type-level checks of src/standard-schema.ts, run by `tsc --noEmit`: the copy sessionkit ships
// stays interchangeable with the published spec, and validators' schemas fit it.
import type { StandardSchemaV1 as Published } from "@standard-schema/spec";
import * as v from "valibot";
import { expectTypeOf } from "vitest";
import type { InferData, StandardSchemaV1 } from "../src/index";

type Data = { userId?: string; n?: number };

// Both ways: a schema typed by the spec is one of ours, and ours is one of the spec's.
expectTypeOf<Published<Data>>().toMatchTypeOf<StandardSchemaV1<Data>>();
expectTypeOf<StandardSchemaV1<Data>>().toMatchTypeOf<Published<Data>>();
expectTypeOf<Published.Issue>().toMatchTypeOf<StandardSchemaV1.Issue>();
expectTypeOf<StandardSchemaV1.Result<Data>>().toMatchTypeOf<Published.Result<Data>>();

// valibot's schemas fit, and their output type is what sessions hold.
const schema = v.object({ userId: v.optional(v.string()), n: v.optional(v.number()) });
expectTypeOf(schema).toMatchTypeOf<StandardSchemaV1>();
expectTypeOf<InferData<typeof schema>>().toEqualTypeOf<{ userId?: string | undefined; n?: number | undefined }>();
expectTypeOf<StandardSchemaV1.InferOutput<typeof schema>>().toEqualTypeOf<Published.InferOutput<typeof schema>>();
