// `express4` is Express 4 installed under an npm alias (devDependencies: "express4": "npm:express@^4");
// its API for these tests is the one @types/express describes.
declare module "express4" {
  import express from "express";
  export default express;
}
