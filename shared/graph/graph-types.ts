/**
 * Microsoft Graph wire shapes the reader consumes and the demo server produces. Every field is
 * optional and nullable because real directories return nulls and `$select` trims objects.
 */

export interface GraphAssignedPlan {
  assignedDateTime?: string | null;
  capabilityStatus?: string | null;
  service?: string | null;
  servicePlanId?: string | null;
}

export interface GraphAssignedLicense {
  skuId?: string | null;
  disabledPlans?: (string | null)[] | null;
}

export interface GraphServicePlanInfo {
  servicePlanId?: string | null;
  servicePlanName?: string | null;
  provisioningStatus?: string | null;
  appliesTo?: string | null;
}

/** `/subscribedSkus`: the tenant's subscriptions, with each SKU's service plans and state. */
export interface GraphSubscribedSku {
  id?: string | null;
  skuId?: string | null;
  skuPartNumber?: string | null;
  appliesTo?: string | null;
  capabilityStatus?: string | null;
  consumedUnits?: number | null;
  prepaidUnits?: { enabled?: number; suspended?: number; warning?: number; lockedOut?: number } | null;
  servicePlans?: (GraphServicePlanInfo | null)[] | null;
}

export interface GraphUser {
  id?: string | null;
  userPrincipalName?: string | null;
  displayName?: string | null;
  givenName?: string | null;
  surname?: string | null;
  mail?: string | null;
  department?: string | null;
  jobTitle?: string | null;
  accountEnabled?: boolean | null;
  usageLocation?: string | null;
  officeLocation?: string | null;
  city?: string | null;
  country?: string | null;
  businessPhones?: (string | null)[] | null;
  onPremisesSyncEnabled?: boolean | null;
  /** The on-premises AD account name ("jdoe"): PBX exports name owners by it (CUCM OWNER USER ID). */
  onPremisesSamAccountName?: string | null;
  assignedPlans?: (GraphAssignedPlan | null)[] | null;
  assignedLicenses?: (GraphAssignedLicense | null)[] | null;
  /** Delta only: present on deleted objects. */
  '@removed'?: { reason?: string } | null;
}

/** The user properties the planner reads, apart from licences. */
const USER_FIELDS = [
  'id',
  'userPrincipalName',
  'displayName',
  'givenName',
  'surname',
  'mail',
  'department',
  'jobTitle',
  'accountEnabled',
  'usageLocation',
  'officeLocation',
  'city',
  'country',
  'businessPhones',
  'onPremisesSyncEnabled',
  'onPremisesSamAccountName',
] as const;

/**
 * The `$select` of a user read. Licences come as `assignedLicenses` (a few SKU ids per user, read
 * against `/subscribedSkus`) where the tenant's SKUs can be read, else as `assignedPlans` (every service
 * plan of every licence: about 50 per Microsoft 365 E5 user).
 */
export const USER_SELECT_WITH_LICENCES = [...USER_FIELDS, 'assignedLicenses'] as const;
export const USER_SELECT_WITH_PLANS = [...USER_FIELDS, 'assignedPlans'] as const;

export interface GraphPhysicalAddress {
  street?: string | null;
  city?: string | null;
  state?: string | null;
  postalCode?: string | null;
  countryOrRegion?: string | null;
}

export interface GraphPlace {
  id?: string | null;
  displayName?: string | null;
  emailAddress?: string | null;
  address?: GraphPhysicalAddress | null;
  phone?: string | null;
  /** Rooms only. */
  building?: string | null;
  floorNumber?: number | null;
  capacity?: number | null;
  '@odata.type'?: string;
}

export interface GraphNumberAssignment {
  id?: string | null;
  telephoneNumber?: string | null;
  operatorId?: string | null;
  numberType?: string | null;
  activationState?: string | null;
  capabilities?: string[] | null;
  locationId?: string | null;
  civicAddressId?: string | null;
  assignmentTargetId?: string | null;
  assignmentCategory?: string | null;
  assignmentStatus?: string | null;
  isoCountryCode?: string | null;
  city?: string | null;
  numberSource?: string | null;
  portInStatus?: string | null;
}

export interface GraphUserConfiguration {
  id?: string | null;
  userPrincipalName?: string | null;
  accountType?: string | null;
  isEnterpriseVoiceEnabled?: boolean | null;
  featureTypes?: string[] | null;
  telephoneNumbers?: { telephoneNumber?: string | null; assignmentCategory?: string | null }[] | null;
}

export interface GraphOrganization {
  id?: string | null;
  displayName?: string | null;
}

export interface GraphPage<T> {
  value?: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
  '@odata.count'?: number;
}

export const NUMBER_ASSIGNMENTS_PATH = '/admin/teams/telephoneNumberManagement/numberAssignments';
export const USER_CONFIGURATIONS_PATH = '/admin/teams/userConfigurations';
