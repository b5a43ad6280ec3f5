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
import { TodosService } from './resources/todos/todos.service.js';
import { CommunicationsService } from './resources/communications/communications.service.js';
import { DealsService } from './resources/deals/deals.service.js';
import { RecordsQueryService } from './resources/records/records-query.service.js';
import { AffiliationsService } from './resources/affiliations/affiliations.service.js';
import { ListsService } from './resources/lists/lists.service.js';
import { ActivitiesService } from './resources/activities/activities.service.js';
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
  todos: TodosService;
  communications: CommunicationsService;
  deals: DealsService;
  records: RecordsQueryService;
  affiliations: AffiliationsService;
  lists: ListsService;
  activities: ActivitiesService;
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
    todos: new TodosService(db),
    communications: new CommunicationsService(db),
    deals: new DealsService(db),
    records: new RecordsQueryService(db),
    affiliations: new AffiliationsService(db),
    lists: new ListsService(db),
    activities: new ActivitiesService(db),
  };
}
