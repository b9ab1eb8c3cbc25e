import { parseSubnet, parseSubnetList } from '../../../shared/domain/network-subnets';
import { gatewaySiteOf, usesLocationBasedRouting } from '../../../shared/domain/location-based-routing';

describe('a site subnet', () => {
  it.each([
    ['10.20.0.0/16', { id: '10.20.0.0', maskBits: 16, family: 'ipv4', text: '10.20.0.0/16' }],
    ['10.1.2.3/32', { id: '10.1.2.3', maskBits: 32, family: 'ipv4', text: '10.1.2.3/32' }],
    [' 2001:db8:20::/48 ', { id: '2001:db8:20::', maskBits: 48, family: 'ipv6', text: '2001:db8:20::/48' }],
    // One subnet, one spelling: the IPv6 form Teams compares is RFC 5952's.
    ['2001:0DB8:0020:0000::/48', { id: '2001:db8:20::', maskBits: 48, family: 'ipv6', text: '2001:db8:20::/48' }],
  ])('%s is the network %o', (text, subnet) => {
    expect(parseSubnet(text)).toEqual({ subnet });
  });

  it.each([
    ['10.20.0.0', /no prefix length/],
    ['10.20.1.5/16', /an address inside the subnet, not the subnet: write 10\.20\.0\.0\/16/],
    ['2001:db8:20::1/48', /write 2001:db8:20::\/48/],
    ['10.0.0.0/33', /prefix length must be 1 to 32/],
    ['10.0.0.0/0', /prefix length must be 1 to 32/],
    ['::/0', /prefix length must be 1 to 128/],
    ['10.0.0.0/1x', /prefix length/],
    ['10.0/8', /not an IPv4 or IPv6 address/],
    ['intranet/24', /not an IPv4 or IPv6 address/],
  ])('%s is refused', (text, says) => {
    expect(parseSubnet(text).error).toMatch(says);
  });

  it('reads a line of them, by commas or spaces, and names the entry that is wrong', () => {
    expect(parseSubnetList('10.20.0.0/16, 10.21.0.0/16 2001:db8::/32').subnets?.map((s) => s.text)).toEqual(['10.20.0.0/16', '10.21.0.0/16', '2001:db8::/32']);
    expect(parseSubnetList('').subnets).toEqual([]);
    expect(parseSubnetList('10.20.0.0/16, 10.21.0.7/16').error).toMatch(/^entry 2: .*write 10\.21\.0\.0\/16/);
    expect(parseSubnetList('10.20.0.0/16, 10.20.0.0/16').error).toBe('entry 2: 10.20.0.0/16 is listed twice');
  });
});

describe('Location-Based Routing', () => {
  it('is on in India, off elsewhere, unless the site says otherwise', () => {
    expect(usesLocationBasedRouting('IN', undefined)).toBe(true);
    expect(usesLocationBasedRouting('in', {})).toBe(true);
    expect(usesLocationBasedRouting('IN', { locationBasedRouting: false })).toBe(false);
    expect(usesLocationBasedRouting('US', undefined)).toBe(false);
    expect(usesLocationBasedRouting(undefined, { locationBasedRouting: true })).toBe(true);
  });

  it('places an SBC at the site it names, else at its one site', () => {
    expect(gatewaySiteOf({ networkSite: 'blr', siteIds: ['del', 'bom'] })).toBe('blr');
    expect(gatewaySiteOf({ siteIds: ['blr'] })).toBe('blr');
    expect(gatewaySiteOf({ siteIds: ['del', 'bom'] })).toBeUndefined();
    expect(gatewaySiteOf({ siteIds: [] })).toBeUndefined();
  });
});
