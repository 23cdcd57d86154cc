// Namespaces of the UI strings; add a line when a feature adds a namespace file.
import common from "./common.json";
import layout from "./layout.json";
import ui from "./ui.json";
import enums from "./enums.json";
import portfolio from "./portfolio.json";
import project from "./project.json";
import institution from "./institution.json";
import errors from "./errors.json";
import validation from "./validation.json";
import workspace from "./workspace.json";
import manage from "./manage.json";
import quality from "./quality.json";

const messages = { common, layout, ui, enums, portfolio, project, institution, errors, validation, workspace, manage, quality };
export default messages;
