import { Controller, Inject, Param, Query } from '@nestjs/common';
import { HistoryPageSchema, HistoryQuerySchema, IdParamSchema, parseOrThrow, SearchPageSchema, SearchQuerySchema } from '@parley/contracts';
import { CurrentCaller, Endpoint, type Caller } from '@parley/nest-kit';
import { HistoryService } from './history.service.js';

const tag = 'history';

/** History pages and search over the rooms the caller may read (docs/history.md). */
@Controller()
export class HistoryController {
  constructor(@Inject(HistoryService) private readonly history: HistoryService) {}

  @Endpoint({
    method: 'GET',
    path: '/v1/rooms/:id/history',
    summary: 'A page of a room’s history',
    description:
      'The latest messages, or those before, after or around a seq, or from a date; oldest first. Page back with `before` = the first seq shown, ' +
      'forward with `after` = the last. Edited messages carry their edit count, redacted ones no text, removed ones the moderator’s replacement. ' +
      'Each page shown is recorded for compliance.',
    tag,
    access: 'user',
    params: IdParamSchema,
    query: HistoryQuerySchema,
    response: HistoryPageSchema,
  })
  page(@Param() params: unknown, @Query() query: unknown, @CurrentCaller() caller: Caller) {
    const { id } = parseOrThrow(IdParamSchema, params, 'invalid room id');
    return this.history.page(caller.userId, id, parseOrThrow(HistoryQuerySchema, query, 'invalid history query'));
  }

  @Endpoint({
    method: 'GET',
    path: '/v1/search',
    summary: 'Search messages in the rooms you may read',
    description:
      'Every word must appear (in any order), and every "quoted phrase" as written; nothing else in `q` is an operator. Filter by author ' +
      '(user name or id), room and dates. Newest first; `next` pages on.',
    tag,
    access: 'user',
    query: SearchQuerySchema,
    response: SearchPageSchema,
  })
  search(@Query() query: unknown, @CurrentCaller() caller: Caller) {
    return this.history.search(caller.userId, parseOrThrow(SearchQuerySchema, query, 'invalid search'));
  }
}
