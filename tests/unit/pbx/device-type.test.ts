import { needsOwner, parseDeviceType } from '../../../shared/pbx/device-type';

describe('device types from canonical words and vendor models', () => {
  test.each([
    ['ip-phone', 'ip-phone'],
    ['IP Phone', 'ip-phone'],
    ['softphone', 'softphone'],
    ['Fax', 'fax'],
    ['common-area', 'common-area'],
    ['Elevator', 'elevator'],
    ['door', 'door'],
    ['paging', 'paging'],
    ['modem', 'modem'],
    ['other', 'other'],
    // Cisco CUCM device types
    ['Cisco 8845', 'ip-phone'],
    ['Cisco 7841', 'ip-phone'],
    ['Cisco Unified Client Services Framework', 'softphone'],
    ['Cisco Dual Mode for iPhone', 'softphone'],
    ['Cisco IP Communicator', 'softphone'],
    ['Cisco ATA 191', 'analog'],
    ['Analog Phone', 'analog'],
    ['CTI Port', 'other'],
    // Avaya set types
    ['9608', 'ip-phone'],
    ['9611G', 'ip-phone'],
    ['J179', 'ip-phone'],
    ['2500', 'analog'],
    ['6211', 'analog'],
    ['one-X Communicator', 'softphone'],
    // purpose beats model: a fax on an ATA port is a fax line
    ['Fax on ATA 191', 'fax'],
    ['Lobby phone', 'common-area'],
    ['Overhead paging', 'paging'],
    ['Lift emergency phone', 'elevator'],
    ['Alarm panel', 'modem'],
  ])('%s -> %s', (text, type) => {
    expect(parseDeviceType(text)).toBe(type);
  });

  test.each(['toaster', 'xyz-9', '???'])('%s is unknown', (text) => {
    expect(parseDeviceType(text)).toBeUndefined();
  });

  test('only phones of a person need an owner', () => {
    expect(needsOwner('ip-phone')).toBe(true);
    expect(needsOwner('softphone')).toBe(true);
    expect(needsOwner('fax')).toBe(false);
    expect(needsOwner('other')).toBe(false);
  });
});
