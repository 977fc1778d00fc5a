// The Packet Timeline filter for a passed socket's flow, in the timeline's display-filter
// syntax (`tcp.port==7777 && ip.addr==127.0.0.10 && tcp.port==40001 && ip.addr==127.0.0.11`),
// the same shape the Sockets view builds. undefined for anything without an emulated address.
import type { Handoff } from './handoffs';
import { splitEndpoint } from '../sockets/flowFilter';

export function handoffFilter(h: Handoff): string | undefined {
  if ((h.kind !== 'tcp' && h.kind !== 'udp') || h.local === null) {
    return undefined;
  }
  const local = splitEndpoint(h.local);
  if (!local) {
    return undefined;
  }
  const addrField = local.host.includes(':') ? 'ipv6.addr' : 'ip.addr';
  const terms = [`${h.kind}.port==${local.port}`, `${addrField}==${local.host}`];
  const remote = h.remote === null ? undefined : splitEndpoint(h.remote);
  if (remote) {
    terms.push(`${h.kind}.port==${remote.port}`, `${addrField}==${remote.host}`);
  }
  return [...new Set(terms)].join(' && ');
}
