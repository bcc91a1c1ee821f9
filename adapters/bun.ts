// Implemented in the adapters issue.
export {};
