import { mount } from "svelte";
import App from "./App.svelte";
import "./app.css";

// Marks on the page's timeline (performance.getEntriesByType("mark")): where
// start-up goes, for tests/bench/scale.py.
performance.mark("opex:script");
const target = document.getElementById("app");
if (!target) throw new Error("the page has no #app element");
export default mount(App, { target });
