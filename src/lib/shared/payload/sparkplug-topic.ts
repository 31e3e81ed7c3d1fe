/**
 * Sparkplug B topic names (Sparkplug 3.0 §4.1): spBv1.0/<group>/<message type>/<edge node>[/<device>].
 */

/** The parts of a Sparkplug B topic. */
export interface SparkplugTopic {
	group: string;
	/** NBIRTH, NDEATH, NDATA, NCMD, DBIRTH, DDEATH, DDATA, DCMD or STATE. */
	messageType: string;
	edgeNode: string;
	device?: string;
}

/** The namespace prefix every Sparkplug B topic starts with. */
export const SPARKPLUG_PREFIX = 'spBv1.0/';

/** Whether a topic is in the Sparkplug B namespace (used for auto-detection). */
export function isSparkplugTopic(topic: string): boolean {
	return topic.startsWith(SPARKPLUG_PREFIX);
}

/** The parts of a Sparkplug B topic, or undefined when it is not one. */
export function parseSparkplugTopic(topic: string): SparkplugTopic | undefined {
	if (!isSparkplugTopic(topic)) return undefined;
	const [, group, messageType, edgeNode, device, ...rest] = topic.split('/');
	if (!group || !messageType || !edgeNode || rest.length > 0) return undefined;
	const parsed: SparkplugTopic = { group, messageType, edgeNode };
	if (device) parsed.device = device;
	return parsed;
}

/**
 * The birth certificate topics that define the aliases a message may use, nearest first: a
 * device's DBIRTH, then its edge node's NBIRTH (aliases are unique per edge node, §6.4.5).
 */
export function birthTopicsFor(topic: SparkplugTopic): string[] {
	const base = `${SPARKPLUG_PREFIX}${topic.group}`;
	const node = `${base}/NBIRTH/${topic.edgeNode}`;
	if (topic.device) return [`${base}/DBIRTH/${topic.edgeNode}/${topic.device}`, node];
	return [node];
}
