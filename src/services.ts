// The services of the application, built once over one database handle and shared by the HTTP
// routes and the admin CLI (no duplicated logic).
import type { Config } from './config.js';
import { AccountsService } from './resources/accounts/accounts.service.js';
import { CommentsService } from './resources/comments/comments.service.js';
import { CompaniesService } from './resources/companies/companies.service.js';
import { LocationsService } from './resources/locations/locations.service.js';
import { PeopleService } from './resources/people/people.service.js';
import { RelatedContactsService } from './resources/related/related.service.js';
import type { PresentOptions } from './resources/present-options.js';
import { SuperTagsService } from './resources/super-tags/super-tags.service.js';
import { TagsService } from './resources/tags/tags.service.js';
import type { Db } from './storage/db.js';

export interface Services {
  db: Db;
  presentOptions: PresentOptions;
  accounts: AccountsService;
  people: PeopleService;
  companies: CompaniesService;
  locations: LocationsService;
  tags: TagsService;
  superTags: SuperTagsService;
  comments: CommentsService;
  related: RelatedContactsService;
}

export function createServices(db: Db, config: Pick<Config, 'tagNameAttribute'>): Services {
  return {
    db,
    presentOptions: { tagNameAttribute: config.tagNameAttribute },
    accounts: new AccountsService(db),
    people: new PeopleService(db),
    companies: new CompaniesService(db),
    locations: new LocationsService(db),
    tags: new TagsService(db),
    superTags: new SuperTagsService(db),
    comments: new CommentsService(db),
    related: new RelatedContactsService(db),
  };
}
