import { CategoryViewSchema, type CategoryView } from '@parley/contracts';
import { z } from 'zod';
import { answer, segment } from './answers.js';
import type { HttpClient } from './http-client.js';
import type { CreateCategoryRequest, UpdateCategoryRequest } from './types.js';

const categoryView = answer(CategoryViewSchema, 'a category');

/** The category tree, its scopes (allowed, denied, creators) and settings (`/v1/categories`). */
export class CategoriesClient {
  constructor(private readonly http: HttpClient) {}

  /** Every category, parents before their children (path order). */
  async list(): Promise<CategoryView[]> {
    return answer(z.array(CategoryViewSchema), 'GET /v1/categories')(await this.http.get('/v1/categories'));
  }

  async get(id: string): Promise<CategoryView> {
    return categoryView(await this.http.get(`/v1/categories/${segment(id)}`));
  }

  /** Creates a category (administrators); an empty allowed list inherits the parent's. */
  async create(request: CreateCategoryRequest): Promise<CategoryView> {
    return categoryView(await this.http.post('/v1/categories', request));
  }

  /** Renames, moves (`parentId`, null for the top), changes scope lists or settings, all or nothing. */
  async update(id: string, changes: UpdateCategoryRequest): Promise<CategoryView> {
    return categoryView(await this.http.patch(`/v1/categories/${segment(id)}`, changes));
  }

  /** Removes an empty category (no rooms, no sub-categories). */
  async remove(id: string): Promise<void> {
    await this.http.delete(`/v1/categories/${segment(id)}`);
  }
}
