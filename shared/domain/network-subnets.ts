/**
 * A site's IP subnets, as Teams' tenant network configuration takes them: a network address and a
 * prefix length (New-CsTenantNetworkSubnet -SubnetID 10.20.0.0 -MaskBits 16). Teams finds the network
 * site a client is at by the subnet of its IP address; Location-Based Routing and dynamic emergency
 * calling both depend on it. Written and read as "10.20.0.0/16" or "2001:db8:20::/48"; the tab's field
 * takes them as one comma-separated line.
 */
import ipaddr from 'ipaddr.js';

export interface Subnet {
  /** The network address, as Teams' -SubnetID takes it. */
  id: string;
  maskBits: number;
  family: 'ipv4' | 'ipv6';
  /** "id/maskBits", the one spelling two equal subnets share (IPv6 in its RFC 5952 form). */
  text: string;
}

export type SubnetParse = { subnet: Subnet; error?: undefined } | { subnet?: undefined; error: string };

/** Parses "address/bits"; an address with host bits set is refused with the network it belongs to. */
export function parseSubnet(input: string): SubnetParse {
  const text = input.trim();
  const slash = text.indexOf('/');
  if (slash < 0) return { error: `"${text}" has no prefix length: write the subnet as 10.20.0.0/16 or 2001:db8:20::/48` };
  const address = text.slice(0, slash);
  const bitsText = text.slice(slash + 1);
  const v4 = ipaddr.IPv4.isValidFourPartDecimal(address);
  if (!v4 && !ipaddr.IPv6.isValid(address)) return { error: `"${address}" is not an IPv4 or IPv6 address` };
  const maxBits = v4 ? 32 : 128;
  const bits = /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : NaN;
  if (!(bits >= 1 && bits <= maxBits)) return { error: `"${text}": the prefix length must be 1 to ${maxBits}` };
  const network = v4 ? ipaddr.IPv4.networkAddressFromCIDR(`${address}/${bits}`) : ipaddr.IPv6.networkAddressFromCIDR(`${address}/${bits}`);
  const parsed = ipaddr.parse(address);
  const id = network.kind() === 'ipv6' ? (network as ipaddr.IPv6).toRFC5952String() : network.toString();
  const given = parsed.kind() === 'ipv6' ? (parsed as ipaddr.IPv6).toRFC5952String() : parsed.toString();
  if (id !== given) return { error: `"${text}" is an address inside the subnet, not the subnet: write ${id}/${bits}` };
  return { subnet: { id, maskBits: bits, family: v4 ? 'ipv4' : 'ipv6', text: `${id}/${bits}` } };
}

/** The subnets of a comma- or space-separated line, or the first error by entry ("entry 2: ..."). */
export function parseSubnetList(line: string): { subnets: Subnet[]; error?: undefined } | { subnets?: undefined; error: string } {
  const entries = line.split(/[\s,;]+/).filter(Boolean);
  const subnets: Subnet[] = [];
  for (let i = 0; i < entries.length; i++) {
    const r = parseSubnet(entries[i]);
    if (r.error !== undefined) return { error: entries.length > 1 ? `entry ${i + 1}: ${r.error}` : r.error };
    if (subnets.some((s) => s.text === r.subnet.text)) return { error: `entry ${i + 1}: ${r.subnet.text} is listed twice` };
    subnets.push(r.subnet);
  }
  return { subnets };
}
