/**
 * The environment of a child process built from just the variables given. Typed through one cast:
 * Next.js's global declarations (reached through trpc-to-openapi's typings now that `next` is
 * installed as next-auth's peer for the interop tests) make `NODE_ENV` a required key of
 * `NodeJS.ProcessEnv`, which a child's environment does not need.
 */
export function childEnv(vars: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return vars as NodeJS.ProcessEnv;
}
