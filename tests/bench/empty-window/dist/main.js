// One IPC round trip, then the marker the benchmark waits for over WebDriver.
const answer = await window.__TAURI__.core.invoke("ping");
document.getElementById("answer").textContent = answer;
document.body.dataset.ready = "true";
