// The bench's baseline page: one button calling one command that returns a string. It
// reports its first painted frame the way PLM Desk's page does (two animation frames
// after the first drawing), so both start-ups are timed alike.
const { invoke } = window.__TAURI__.core;

document.getElementById("hello").addEventListener("click", async () => {
  document.getElementById("answer").textContent = await invoke("hello");
});

requestAnimationFrame(() => requestAnimationFrame(() => invoke("painted")));
