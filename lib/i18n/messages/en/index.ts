// Namespaces of the UI strings; add a line when a feature adds a namespace file.
import common from "./common.json";
import layout from "./layout.json";
import ui from "./ui.json";

const messages = { common, layout, ui };
export default messages;
