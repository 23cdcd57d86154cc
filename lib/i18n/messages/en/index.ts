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
import compare from "./compare.json";
import evaluation from "./evaluation.json";
import statistics from "./statistics.json";
import auth from "./auth.json";
import users from "./users.json";
import structure from "./structure.json";
import grants from "./grants.json";
import importMessages from "./import.json";
import notifications from "./notifications.json";
import openData from "./openData.json";
import developers from "./developers.json";
import account from "./account.json";

const messages = { common, layout, ui, enums, portfolio, project, institution, errors, validation, workspace, manage, quality, compare, evaluation, statistics, auth, users, structure, grants, import: importMessages, notifications, openData, developers, account };
export default messages;
