// Everything that needs MQTT.js, loaded on the first connect: the worker starts small, so the
// first page shows saved history without downloading and parsing the MQTT client.
export { AckGate } from './ack-gate';
export { PersistentStore } from './inflight-store';
export { sendRequest } from './request';
export { scanRetained } from './retained';
export { Session } from './session';
export { watchSys } from './sys-watch';
