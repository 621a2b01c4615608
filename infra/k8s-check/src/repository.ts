import { dirname, join } from 'node:path';

/** The repository's root, from infra/k8s-check/src (tests) or infra/k8s-check/dist (the built tool). */
export const REPOSITORY = dirname(dirname(dirname(__dirname)));

export const K8S_DIR = join(REPOSITORY, 'k8s');
