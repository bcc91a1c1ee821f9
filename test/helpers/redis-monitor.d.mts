/** One command Redis's MONITOR reported: its name (lower case), arguments, and who sent it. */
export interface MonitoredCommand {
  name: string;
  args: string[];
  /** "lua" for a command a script ran, otherwise the client's address. */
  source: string;
}

/** A running MONITOR: the commands seen so far, and `stop()`. */
export interface RedisMonitor {
  readonly commands: MonitoredCommand[];
  stop(): void;
}

/**
 * Starts Redis's MONITOR on a raw connection of its own and resolves once Redis has answered
 * +OK, so every command sent after that is seen (not ioredis's `monitor()`, which can fail with
 * "Command queue state error").
 */
export function startRedisMonitor(redisUrl: string): Promise<RedisMonitor>;
