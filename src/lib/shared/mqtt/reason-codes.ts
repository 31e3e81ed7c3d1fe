/**
 * Short names of the MQTT 5 reason codes (MQTT 5 §2.4, table 2-6), shared by CONNACK, PUBACK,
 * PUBREC, PUBREL, PUBCOMP, SUBACK, UNSUBACK, DISCONNECT and AUTH.
 */

/**
 * Names by code. Codes below 0x80 mean success, and a few of them depend on the packet:
 * 0x00 is also "Normal disconnection" (DISCONNECT) and "Granted QoS 0" (SUBACK).
 */
const NAMES: Readonly<Record<number, string>> = {
	0x00: 'Success',
	0x01: 'Granted QoS 1',
	0x02: 'Granted QoS 2',
	0x04: 'Disconnect with Will Message',
	0x10: 'No matching subscribers',
	0x11: 'No subscription existed',
	0x18: 'Continue authentication',
	0x19: 'Re-authenticate',
	0x80: 'Unspecified error',
	0x81: 'Malformed packet',
	0x82: 'Protocol error',
	0x83: 'Implementation specific error',
	0x84: 'Unsupported protocol version',
	0x85: 'Client identifier not valid',
	0x86: 'Bad user name or password',
	0x87: 'Not authorized',
	0x88: 'Server unavailable',
	0x89: 'Server busy',
	0x8a: 'Banned',
	0x8b: 'Server shutting down',
	0x8c: 'Bad authentication method',
	0x8d: 'Keep alive timeout',
	0x8e: 'Session taken over',
	0x8f: 'Topic filter invalid',
	0x90: 'Topic name invalid',
	0x91: 'Packet identifier in use',
	0x92: 'Packet identifier not found',
	0x93: 'Receive maximum exceeded',
	0x94: 'Topic alias invalid',
	0x95: 'Packet too large',
	0x96: 'Message rate too high',
	0x97: 'Quota exceeded',
	0x98: 'Administrative action',
	0x99: 'Payload format invalid',
	0x9a: 'Retain not supported',
	0x9b: 'QoS not supported',
	0x9c: 'Use another server',
	0x9d: 'Server moved',
	0x9e: 'Shared subscriptions not supported',
	0x9f: 'Connection rate exceeded',
	0xa0: 'Maximum connect time',
	0xa1: 'Subscription identifiers not supported',
	0xa2: 'Wildcard subscriptions not supported'
};

/** The short name of an MQTT 5 reason code, e.g. 0x87 → "Not authorized". */
export function reasonCodeText(code: number): string {
	return NAMES[code] ?? `Unknown reason code ${hexCode(code)}`;
}

/** Whether a reason code reports a failure (MQTT 5 §2.4: 0x80 and above). */
export function isFailureCode(code: number): boolean {
	return code >= 0x80;
}

/** A code as written in the specification, e.g. 0x8A. */
export function hexCode(code: number): string {
	return `0x${code.toString(16).toUpperCase().padStart(2, '0')}`;
}
