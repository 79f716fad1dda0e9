/**
 * Counts the Redis round trips and commands made while grammY handles an update, in any
 * ioredis client of this process (the composed bot makes its own). An update's work runs in
 * an AsyncLocalStorage context opened by `Bot.handleUpdate`; a pipeline or MULTI is one round
 * trip however many commands it carries. Background work (queue polling, timers started
 * before the update) is not counted.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Bot } from 'grammy';
import { Redis } from 'ioredis';

export interface TripCounter {
  trips: number;
  commands: number;
  names: Map<string, number>;
}

const als = new AsyncLocalStorage<true>();
let current: TripCounter = newCounter();
let installed = false;

function newCounter(): TripCounter {
  return { trips: 0, commands: 0, names: new Map() };
}

/** Starts counting afresh; the returned counter fills while updates are handled. */
export function resetTrips(): TripCounter {
  current = newCounter();
  return current;
}

export function installTripCounting(): void {
  if (installed) return;
  installed = true;
  const pipelines = new WeakSet<object>();
  const proto = Redis.prototype as unknown as {
    sendCommand: (command: { name: string }, stream?: { isPipeline?: boolean }) => unknown;
  };
  const send = proto.sendCommand;
  proto.sendCommand = function (this: unknown, command, stream) {
    if (als.getStore()) {
      current.commands++;
      current.names.set(command.name, (current.names.get(command.name) ?? 0) + 1);
      if (stream?.isPipeline) {
        if (!pipelines.has(stream)) {
          pipelines.add(stream);
          current.trips++;
        }
      } else current.trips++;
    }
    return send.call(this, command, stream);
  };
  const botProto = Bot.prototype as unknown as { handleUpdate: (...args: unknown[]) => Promise<void> };
  const handleUpdate = botProto.handleUpdate;
  botProto.handleUpdate = function (this: unknown, ...args: unknown[]) {
    const done = als.run(true, () => handleUpdate.apply(this, args));
    const update = args[0] as { update_id: number };
    return done.finally(() => onHandled?.(update.update_id));
  };
}

let onHandled: ((updateId: number) => void) | undefined;
/** Called with each update's id once grammY has handled it (its replies sent). */
export function onUpdateHandled(listener: ((updateId: number) => void) | undefined): void {
  onHandled = listener;
}
