// Word lists behind the benchmark data set (bench/dataset.ts). Plain ASCII so e-mails built from
// names stay valid; the lists are sized so that full names repeat a few times per 100k people
// (200 first × 300 last names) and company names stay unique up to 50,000 companies.
// Changing any list changes the data: bump GENERATOR_VERSION in bench/dataset.ts.

const words = (s: string): readonly string[] => s.trim().split(/\s+/);

export const FIRST_NAMES = words(`
  James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard Susan
  Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy Matthew Betty Anthony Margaret
  Mark Sandra Donald Ashley Steven Kimberly Paul Emily Andrew Donna Joshua Michelle Kenneth Carol Kevin
  Amanda Brian Dorothy George Melissa Timothy Deborah Ronald Stephanie Edward Rebecca Jason Sharon
  Jeffrey Laura Ryan Cynthia Jacob Kathleen Gary Amy Nicholas Angela Eric Shirley Jonathan Anna Stephen
  Brenda Larry Pamela Justin Emma Scott Nicole Brandon Helen Benjamin Samantha Samuel Katherine Gregory
  Christine Alexander Debra Frank Rachel Patrick Carolyn Raymond Janet Jack Catherine Dennis Maria
  Jerry Heather Tyler Diane Aaron Ruth Jose Julie Adam Olivia Nathan Joyce Henry Virginia Douglas
  Victoria Zachary Kelly Peter Lauren Kyle Christina Ethan Joan Walter Evelyn Noah Judith Jeremy Megan
  Christian Andrea Keith Cheryl Roger Hannah Terry Jacqueline Gerald Martha Harold Gloria Sean Teresa
  Austin Ann Carl Sara Arthur Madison Lawrence Frances Dylan Kathryn Jesse Janice Jordan Jean Bryan
  Abigail Billy Alice Joe Judy Bruce Sophia Gabriel Grace Logan Denise Albert Amber Willie Doris
  Alan Marilyn Juan Danielle Wayne Beverly Elijah Isabella Randy Theresa Roy Diana Vincent Natalie
  Ralph Brittany Eugene Charlotte Russell Marie Bobby Kayla Mason Alexis Philip Lori Louis Julia
`);

export const LAST_NAMES = words(`
  Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez
  Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark
  Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams
  Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker
  Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper
  Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James
  Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez
  Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez
  Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West Cole
  Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall Owens
  Harrison Fernandez Mcdonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb Tucker
  Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz
  Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice
  Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley
  Spencer Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart Bradley Knight Elliott Cunningham
  Duncan Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry Perkins Hoffman
  Johnston Matthews Pena Richards Contreras Willis Carpenter Lawrence Sandoval Guerrero George Chapman
  Rios Estrada Ortega Watkins Greene Nunez Wheeler Valdez Harper Burke Larson Santiago Maldonado
  Morrison Franklin Carlson Austin Dominguez Carr Lawson Jacobs Obrien Lynch Singh Vega Bishop
  Montgomery Oliver Jensen Harvey Williamson Gilbert Dean Sims Espinoza Howell Li Wong Reid Hanson
  Le Mccoy Garrett Burton Fuller Wang Weber Welch Rojas Lucas Marquez Fields Park Yang Little Banks
  Padilla Day Walsh Bowman Schultz Luna Fowler Mejia Davidson Acosta Brewer May Holland Juarez
  Newman Pearson Curtis Cortez Douglas Schneider Joseph Barrett Navarro Figueroa Keller Avila Wade
  Molina Stanley Hopkins Campos Barnett Bates Chambers Caldwell Beck Lambert Miranda Byrd Craig Ayala
`);

export const TAG_NAMES = words(`
  customer lead prospect vip newsletter partner vendor investor press friend family alumni speaker
  referral churned trial enterprise startup nonprofit education government healthcare finance retail
  media agency consultant reseller supplier board advisor mentor volunteer donor member event webinar
  conference tradeshow inbound outbound
`);

export const TITLES = words(`
  CEO CTO CFO COO Founder President Director Manager Engineer Designer Consultant Analyst Architect
  Developer Accountant Recruiter Editor Producer Attorney Professor
`);

/** Cities with their US state, so a location's city and state agree. */
export const CITIES: readonly (readonly [string, string])[] = [
  ['New York', 'NY'], ['Los Angeles', 'CA'], ['Chicago', 'IL'], ['Houston', 'TX'], ['Phoenix', 'AZ'],
  ['Philadelphia', 'PA'], ['San Antonio', 'TX'], ['San Diego', 'CA'], ['Dallas', 'TX'], ['Austin', 'TX'],
  ['Jacksonville', 'FL'], ['Columbus', 'OH'], ['Charlotte', 'NC'], ['Indianapolis', 'IN'], ['Seattle', 'WA'],
  ['Denver', 'CO'], ['Boston', 'MA'], ['Nashville', 'TN'], ['Portland', 'OR'], ['Las Vegas', 'NV'],
  ['Detroit', 'MI'], ['Memphis', 'TN'], ['Louisville', 'KY'], ['Baltimore', 'MD'], ['Milwaukee', 'WI'],
  ['Albuquerque', 'NM'], ['Tucson', 'AZ'], ['Sacramento', 'CA'], ['Atlanta', 'GA'], ['Omaha', 'NE'],
  ['Raleigh', 'NC'], ['Miami', 'FL'], ['Minneapolis', 'MN'], ['Tulsa', 'OK'], ['Cleveland', 'OH'],
  ['Wichita', 'KS'], ['New Orleans', 'LA'], ['Pittsburgh', 'PA'], ['Providence', 'RI'], ['Barrington', 'RI'],
  ['Burlington', 'VT'], ['Portland', 'ME'], ['Boise', 'ID'], ['Salt Lake City', 'UT'], ['Anchorage', 'AK'],
  ['Honolulu', 'HI'], ['Des Moines', 'IA'], ['Little Rock', 'AR'], ['Hartford', 'CT'], ['Richmond', 'VA'],
];

export const STREETS = words(`
  Maple Oak Pine Cedar Elm Washington Lake Hill Park Main Church Spring River Sunset Highland Forest
  Meadow Ridge Valley Mill
`);

export const STREET_KINDS = words('St Ave Rd Blvd Ln Dr Way Ct');

/** 100 words: company names are `<Word> <Word> <Suffix>` over these. */
export const COMPANY_WORDS = words(`
  Acme Apex Atlas Aurora Beacon Blue Bright Cascade Cedar Cobalt Comet Copper Crest Crystal Delta Eagle
  Echo Ember Evergreen Falcon Frontier Galaxy Global Golden Granite Harbor Horizon Hudson Iron Jade
  Keystone Lakeside Liberty Lighthouse Lunar Magnolia Maple Marble Meridian Metro Midland Monarch
  Nexus North Northwind Nova Oak Ocean Orbit Pacific Peak Pinnacle Pioneer Pixel Polar Prairie Prime
  Quantum Quartz Radiant Rapid Red Ridge River Rocky Royal Sage Sapphire Silver Sky Solar Spark Spring
  Sterling Stone Summit Sun Swift Terra Thunder Titan Trident True Union United Valley Vanguard Vector
  Venture Vertex Vista Wave West Willow Zenith Zephyr Alpine Anchor Bold Clear
`);

export const COMPANY_SUFFIXES = words('Inc LLC Group Labs Partners');

export const NOTES: readonly string[] = [
  'Met at <conf> & more',
  'Prefers e-mail over phone calls.',
  'Introduced by a mutual friend; follow up next quarter.',
  'Interested in the enterprise plan.',
  'Asked for a demo of the reporting features.',
  'Do not call before 10am.',
  'Long-time customer, renews every spring.',
  'Spoke at our "Growth & Scale" meetup.',
];

export const DEAL_KINDS = words('Renewal Upgrade Expansion Pilot Onboarding Consulting Support Licence');

export const SUBJECTS: readonly string[] = [
  'Quick question', 'Follow-up on our call', 'Proposal attached', 'Meeting next week', 'Invoice',
  'Thanks for your time', 'Contract review', 'Product feedback', 'Re: pricing', 'Introduction',
];
