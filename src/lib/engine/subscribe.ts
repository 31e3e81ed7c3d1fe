import type { IClientSubscribeOptions, MqttClient } from 'mqtt';
import type { SubscribeResult } from '$lib/shared/mqtt/connection-status';
import type { ProtocolVersion, QoS, SubscriptionSpec } from '$lib/shared/profile/profile';
import { reasonCodeText } from '$lib/shared/mqtt/reason-codes';

/** The MQTT.js options of one subscription; the MQTT 5 options only on MQTT 5. */
function subscribeOptions(
	spec: SubscriptionSpec,
	version: ProtocolVersion
): IClientSubscribeOptions {
	const options: IClientSubscribeOptions = { qos: spec.qos };
	if (version === 5) {
		if (spec.noLocal) options.nl = true;
		if (spec.retainAsPublished) options.rap = true;
		if (spec.retainHandling) options.rh = spec.retainHandling;
	}
	return options;
}

/**
 * Subscribes to several filters and explains each answer. A subscription identifier belongs to
 * a whole SUBSCRIBE packet (MQTT 5 §3.8.2.1.2), so filters with one go in packets of their own.
 */
export async function subscribeAll(
	client: MqttClient,
	specs: SubscriptionSpec[],
	version: ProtocolVersion
): Promise<SubscribeResult[]> {
	const plain = specs.filter((s) => version !== 5 || !s.subscriptionIdentifier);
	const groups: { specs: SubscriptionSpec[]; id?: number }[] = [];
	if (plain.length) groups.push({ specs: plain });
	for (const spec of specs) {
		if (version === 5 && spec.subscriptionIdentifier) {
			groups.push({ specs: [spec], id: spec.subscriptionIdentifier });
		}
	}
	const answers = await Promise.all(groups.map((group) => subscribeGroup(client, group, version)));
	const byFilter = new Map(answers.flat().map((r) => [r.filter, r]));
	return specs.map((s) => byFilter.get(s.filter)!);
}

async function subscribeGroup(
	client: MqttClient,
	group: { specs: SubscriptionSpec[]; id?: number },
	version: ProtocolVersion
): Promise<SubscribeResult[]> {
	const map = Object.fromEntries(group.specs.map((s) => [s.filter, subscribeOptions(s, version)]));
	const options = group.id ? { properties: { subscriptionIdentifier: group.id } } : undefined;
	try {
		const granted = await client.subscribeAsync(map, options as IClientSubscribeOptions);
		return group.specs.map((spec) =>
			explain(spec.filter, granted.find((g) => g.topic === spec.filter)?.qos ?? 0x80)
		);
	} catch (error) {
		// MQTT.js rejects the whole SUBSCRIBE when any code in SUBACK is a failure (≥ 0x80), with
		// the SUBACK attached; its codes are in the order of the filters (MQTT 5 §3.9.3).
		const codes = subackCodes(error);
		if (codes && codes.length === group.specs.length) {
			return group.specs.map((spec, i) => explain(spec.filter, codes[i]));
		}
		const reason = error instanceof Error ? error.message : 'The subscription failed.';
		return group.specs.map((spec) => ({ filter: spec.filter, granted: null, reason }));
	}
}

/** A SUBACK code in words: granted QoS below 0x80, otherwise the refusal and its code. */
function explain(filter: string, code: number): SubscribeResult {
	return code < 0x80
		? { filter, granted: code as QoS }
		: {
				filter,
				granted: null,
				refused: true,
				reason: `Refused by the broker: ${reasonCodeText(code)} (0x${code.toString(16)})`
			};
}

/** The SUBACK codes MQTT.js attaches to a rejected subscribe (ErrorWithSubackPacket), if any. */
function subackCodes(error: unknown): number[] | undefined {
	const packet = (error as { packet?: { granted?: unknown } } | null)?.packet;
	const granted = packet?.granted;
	return Array.isArray(granted) && granted.every((c) => typeof c === 'number')
		? (granted as number[])
		: undefined;
}

/** Subscribes one filter and returns its SUBACK code (≥ 0x80 is a refusal) instead of throwing. */
export async function subscribeCode(
	client: MqttClient,
	filter: string,
	options: IClientSubscribeOptions
): Promise<number> {
	try {
		const granted = await client.subscribeAsync(filter, options);
		return granted[0]?.qos ?? 0x80;
	} catch (error) {
		const codes = subackCodes(error);
		if (codes?.length === 1) return codes[0];
		throw error;
	}
}
