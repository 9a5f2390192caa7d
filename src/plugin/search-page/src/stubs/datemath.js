// OUI's super date picker imports @opensearch/datemath, which is not on the npm registry. The page uses no date
// picker (the bundle tree-shakes it away), so the import only has to resolve.
const datemath = {
  parse() {
    throw new Error('datemath is not bundled with the search page');
  },
};
export default datemath;
