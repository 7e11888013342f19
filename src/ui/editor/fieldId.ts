/** DOM ids for editor fields, from their JSON paths: `$.staffPools[0].headcount` → `f-staffPools-0-headcount`. */
export function fieldId(path: string): string {
  return 'f-' + path.replace(/^\$\.?/, '').replace(/[^A-Za-z0-9_]+/g, '-').replace(/-+$/, '');
}
