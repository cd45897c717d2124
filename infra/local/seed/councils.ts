import type { Council } from '../../../shared/domain/council.js';

/**
 * Real councils for the demo, with their ONS codes (GSS): E06 unitary, E07 district, E08
 * metropolitan borough, E09 London borough, E10 county, E31 fire and rescue authority, E47
 * combined authority, W06 Welsh principal council. National park authorities have no code in
 * that series here, so they use a stable slug. Political control is plausible, not a record of
 * any particular election. The first council is the demo's "home" council (South East).
 */
type Row = [id: string, name: string, type: Council['type'], region: Council['region'], control: Council['control'], lastCorporateChallenge?: string];

const ROWS: Row[] = [
  // South East
  ['E07000228', 'Mid Sussex District Council', 'district', 'South East', 'LD', '2019-11-21'],
  ['E10000032', 'West Sussex County Council', 'county', 'South East', 'CON', '2022-06-16'],
  ['E10000030', 'Surrey County Council', 'county', 'South East', 'CON'],
  ['E06000043', 'Brighton and Hove City Council', 'unitary', 'South East', 'LAB', '2018-03-08'],
  ['E06000038', 'Reading Borough Council', 'unitary', 'South East', 'LAB', '2020-01-30'],
  ['E06000041', 'Wokingham Borough Council', 'unitary', 'South East', 'LD'],
  ['E07000178', 'Oxford City Council', 'city', 'South East', 'LAB', '2021-10-14'],
  ['E07000209', 'Guildford Borough Council', 'district', 'South East', 'LD'],
  ['E07000226', 'Crawley Borough Council', 'district', 'South East', 'LAB', '2017-09-28'],
  ['E06000046', 'Isle of Wight Council', 'unitary', 'South East', 'IND'],
  ['E31000022', 'Kent Fire and Rescue Authority', 'fire and rescue authority', 'South East', 'CON'],
  ['np-south-downs', 'South Downs National Park Authority', 'national park', 'South East', 'NOC'],
  // North West
  ['E08000003', 'Manchester City Council', 'metropolitan borough', 'North West', 'LAB', '2019-02-07'],
  ['E08000007', 'Stockport Metropolitan Borough Council', 'metropolitan borough', 'North West', 'LD'],
  ['E10000017', 'Lancashire County Council', 'county', 'North West', 'CON', '2018-10-11'],
  ['E07000121', 'Lancaster City Council', 'district', 'North West', 'NOC'],
  ['E07000123', 'Preston City Council', 'city', 'North West', 'LAB', '2022-11-17'],
  ['E06000007', 'Warrington Borough Council', 'unitary', 'North West', 'LAB'],
  ['E06000049', 'Cheshire East Council', 'unitary', 'North West', 'NOC', '2023-05-11'],
  ['E06000064', 'Westmorland and Furness Council', 'unitary', 'North West', 'LD'],
  ['E47000001', 'Greater Manchester Combined Authority', 'combined authority', 'North West', 'LAB'],
  ['E47000004', 'Liverpool City Region Combined Authority', 'combined authority', 'North West', 'LAB'],
  ['E31000041', 'Merseyside Fire and Rescue Authority', 'fire and rescue authority', 'North West', 'LAB'],
  ['np-lake-district', 'Lake District National Park Authority', 'national park', 'North West', 'NOC'],
  // North East
  ['E08000021', 'Newcastle City Council', 'metropolitan borough', 'North East', 'LAB', '2019-06-20'],
  ['E06000047', 'Durham County Council', 'unitary', 'North East', 'NOC'],
  ['E06000057', 'Northumberland County Council', 'unitary', 'North East', 'CON', '2021-03-04'],
  ['E06000005', 'Darlington Borough Council', 'unitary', 'North East', 'LAB'],
  ['E47000006', 'Tees Valley Combined Authority', 'combined authority', 'North East', 'CON'],
  // Yorkshire and the Humber
  ['E08000035', 'Leeds City Council', 'metropolitan borough', 'Yorkshire and the Humber', 'LAB', '2018-12-06'],
  ['E08000019', 'Sheffield City Council', 'metropolitan borough', 'Yorkshire and the Humber', 'NOC'],
  ['E06000014', 'City of York Council', 'unitary', 'Yorkshire and the Humber', 'LAB', '2023-09-21'],
  ['E06000065', 'North Yorkshire Council', 'unitary', 'Yorkshire and the Humber', 'CON'],
  ['E47000003', 'West Yorkshire Combined Authority', 'combined authority', 'Yorkshire and the Humber', 'LAB'],
  ['np-yorkshire-dales', 'Yorkshire Dales National Park Authority', 'national park', 'Yorkshire and the Humber', 'NOC'],
  // East Midlands
  ['E10000024', 'Nottinghamshire County Council', 'county', 'East Midlands', 'CON', '2017-11-09'],
  ['E06000016', 'Leicester City Council', 'unitary', 'East Midlands', 'LAB'],
  ['E06000017', 'Rutland County Council', 'unitary', 'East Midlands', 'LD'],
  ['E07000032', 'Amber Valley Borough Council', 'district', 'East Midlands', 'LAB', '2020-02-27'],
  ['np-peak-district', 'Peak District National Park Authority', 'national park', 'East Midlands', 'NOC'],
  // West Midlands
  ['E08000025', 'Birmingham City Council', 'metropolitan borough', 'West Midlands', 'LAB', '2022-01-20'],
  ['E08000029', 'Solihull Metropolitan Borough Council', 'metropolitan borough', 'West Midlands', 'CON'],
  ['E10000031', 'Warwickshire County Council', 'county', 'West Midlands', 'CON', '2019-09-26'],
  ['E06000051', 'Shropshire Council', 'unitary', 'West Midlands', 'CON'],
  ['E47000007', 'West Midlands Combined Authority', 'combined authority', 'West Midlands', 'LAB'],
  // East of England
  ['E10000020', 'Norfolk County Council', 'county', 'East of England', 'CON', '2021-11-25'],
  ['E07000008', 'Cambridge City Council', 'city', 'East of England', 'LAB'],
  ['E07000240', 'St Albans City and District Council', 'district', 'East of England', 'LD', '2018-05-24'],
  ['E06000055', 'Bedford Borough Council', 'unitary', 'East of England', 'NOC'],
  ['E06000033', 'Southend-on-Sea City Council', 'unitary', 'East of England', 'NOC'],
  // London
  ['E09000007', 'London Borough of Camden', 'London borough', 'London', 'LAB', '2020-03-05'],
  ['E09000021', 'Royal Borough of Kingston upon Thames', 'London borough', 'London', 'LD'],
  ['E09000006', 'London Borough of Bromley', 'London borough', 'London', 'CON', '2017-06-29'],
  ['E09000033', 'Westminster City Council', 'London borough', 'London', 'LAB'],
  ['E09000030', 'London Borough of Tower Hamlets', 'London borough', 'London', 'IND'],
  // South West
  ['E06000023', 'Bristol City Council', 'unitary', 'South West', 'NOC', '2019-10-03'],
  ['E10000008', 'Devon County Council', 'county', 'South West', 'CON'],
  ['E07000041', 'Exeter City Council', 'city', 'South West', 'LAB', '2022-09-29'],
  ['E06000052', 'Cornwall Council', 'unitary', 'South West', 'NOC'],
  ['E06000066', 'Somerset Council', 'unitary', 'South West', 'LD'],
  ['E31000047', 'Dorset and Wiltshire Fire and Rescue Authority', 'fire and rescue authority', 'South West', 'CON'],
  // Wales
  ['W06000015', 'Cardiff Council', 'Welsh', 'Wales', 'LAB', '2018-07-12'],
  ['W06000011', 'City and County of Swansea', 'Welsh', 'Wales', 'LAB'],
  ['W06000023', 'Powys County Council', 'Welsh', 'Wales', 'NOC'],
  ['W06000009', 'Pembrokeshire County Council', 'Welsh', 'Wales', 'IND', '2021-06-24'],
  ['W06000001', 'Isle of Anglesey County Council', 'Welsh', 'Wales', 'NOC'],
];

export const COUNCILS: readonly Council[] = ROWS.map(([id, name, type, region, control, last]) => ({
  id,
  name,
  type,
  region,
  control,
  lastCorporateChallenge: last ?? null,
}));

/** Bodies whose elected members sit on a council: member peers come from these. */
export function hasOwnCouncillors(council: Council): boolean {
  return !['combined authority', 'fire and rescue authority', 'national park'].includes(council.type);
}
