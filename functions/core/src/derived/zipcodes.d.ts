// zipcodes 8.0.0 ships no type declarations. Only its data table is read, and checked
// value by value where it is read (zip-locations.ts): unknown until then.
declare module 'zipcodes' {
  const zipcodes: { readonly codes: unknown };
  export default zipcodes;
}
