/** The hash address of a screen: `#/<id>` (apart from routes.tsx, so that screens may link without importing every screen). */
export const hrefFor = (id: string): string => `#/${id}`;
