/**
 * office-addin-mock, made strict: its OfficeMockObject hands back the strings "Error, property was not
 * loaded" / "Error, context.sync() was not called" for a property read too early; this wrapper turns
 * such a read into a thrown error, as a test needs. Objects that functions return (getItem...) are
 * mocks too and are synced with the context; their `isNullObject` comes back with every sync, as in
 * Office.js (no load needed).
 */
import { OfficeMockObject } from "office-addin-mock";

const SENTINELS = new Set(["Error, property was not loaded", "Error, context.sync() was not called"]);

type Mock = OfficeMockObject & Record<string, unknown>;

/** A strict mock of `data` (an Office.js-shaped object: values, nested objects, functions). */
export function strictMock<T = unknown>(data: Record<string, unknown>): T {
  const root = new OfficeMockObject(data) as Mock;
  const created: Mock[] = [];
  const wrap = (obj: Mock, path: string): unknown =>
    new Proxy(obj, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        const name = `${path}.${String(prop)}`;
        if (target === root && prop === "sync") {
          return async () => {
            for (const m of created) if ("isNullObject" in m) m.load("isNullObject");
            await root.sync();
            for (const m of created) await m.sync();
          };
        }
        if (typeof value === "string" && SENTINELS.has(value)) {
          throw Object.assign(new Error(`${name} was read before load() and sync() (${value})`), { name: "PropertyNotLoaded" });
        }
        if (value instanceof OfficeMockObject) return wrap(value as Mock, name);
        if (typeof value === "function" && prop !== "load") {
          return (...args: unknown[]) => {
            const out = (value as (...a: unknown[]) => unknown).apply(target, args);
            if (!(out instanceof OfficeMockObject)) return out;
            created.push(out as Mock);
            return wrap(out as Mock, `${name}()`);
          };
        }
        return value;
      },
    });
  return wrap(root, "context") as T;
}
