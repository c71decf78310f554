// Runs in the page's document, in a world of its own: the page's globals are not visible here.
const links = [...document.querySelectorAll("a[href]")];
const external = links.filter((a) => new URL(a.href, location.href).host !== location.host);
for (const link of external) {
  link.classList.add("external");
  link.title = "Leaves " + location.host;
}
const badge = document.createElement("p");
badge.id = "link-count";
badge.textContent = `${external.length} external link(s)`;
document.body.prepend(badge);
browser.runtime.sendMessage({ total: links.length, external: external.length })
  .then((answer) => console.log("background answered", JSON.stringify(answer)));
console.log("page global visible here:", typeof pageSecret !== "undefined");
