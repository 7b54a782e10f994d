// The voting page served to participants' phones (phone.html). It shares the
// design tokens and pure helpers with the app, and never imports Tauri.
import { mount } from "svelte";
import Phone from "./Phone.svelte";
import "../app.css";

const target = document.getElementById("app");
if (!target) throw new Error("the page has no #app element");
export default mount(Phone, { target });
