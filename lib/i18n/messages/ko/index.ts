// Namespaces of the UI strings; add a line when a feature adds a namespace file.
import common from "./common.json";

const messages = { common };
export default messages;
