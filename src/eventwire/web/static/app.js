// eventwire web UI: a few views over the JSON API, routed by the URL fragment.
// Every value from the database is untrusted (article text, actor names): it is only ever put
// on the page as a text node or an attribute value, never parsed as HTML.
"use strict";

const FILTER_KEYS = ["type", "actor", "country", "outlet", "since", "until", "text"];
const PAGE_SIZE = 25;
const SVG_NS = "http://www.w3.org/2000/svg";
const TYPE_COLOURS = {
  AGREE: "#4e79a7", CONSULT: "#59a14f", SUPPORT: "#8cd17d", CONCEDE: "#b6992d", COOPERATE: "#499894",
  AID: "#86bcb6", RETREAT: "#f1ce63", REQUEST: "#a0cbe8", ACCUSE: "#f28e2b", REJECT: "#ffbe7d",
  THREATEN: "#e15759", PROTEST: "#ff9d9a", SANCTION: "#79706e", MOBILIZE: "#d37295", COERCE: "#b07aa1",
  ASSAULT: "#9d2f2f",
};

// ---- DOM helpers ------------------------------------------------------------------------
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}
function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}
function setAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, String(value));
  }
}
function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}
function view(...children) {
  const main = document.getElementById("view");
  main.replaceChildren(...children.flat(Infinity).filter(Boolean));
  return main;
}
function safeUrl(url) {
  // Only http(s) links to sources: a javascript: URL in a stored article must not become a link.
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch (_) {
    return null;
  }
}
function actorLink(name) {
  return h("a", { href: "#/actor/" + encodeURIComponent(name), class: "actor" }, name);
}
function list(names) {
  const out = [];
  (names || []).forEach((name, i) => { if (i) out.push(", "); out.push(actorLink(name)); });
  return out.length ? out : ["—"];
}
function typeBadge(type) {
  const badge = h("span", { class: "badge", "data-type": type }, type);
  badge.style.background = TYPE_COLOURS[type] || "#999";
  return badge;
}

// ---- API ------------------------------------------------------------------------------------
async function api(path, params) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== "" && v !== null && v !== undefined) query.set(k, v);
  const url = "/api/" + path + (query.toString() ? "?" + query : "");
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error((body.error && body.error.message) || response.statusText);
  return body;
}
function errorBox(err) {
  return h("p", { class: "error", role: "alert" }, "Error: " + err.message);
}

// ---- routing and filters ------------------------------------------------------------------
function parseRoute() {
  const hash = location.hash.replace(/^#\/?/, "");
  const [path, queryString] = hash.split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  return { name: parts[0] || "events", arg: parts.slice(1).join("/"), params: new URLSearchParams(queryString || "") };
}
function filtersFrom(params) {
  const out = {};
  for (const key of FILTER_KEYS) if (params.get(key)) out[key] = params.get(key);
  return out;
}
function routeHref(name, params) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== "" && v !== null && v !== undefined) query.set(k, v);
  return "#/" + name + (query.toString() ? "?" + query : "");
}
function syncFilterForm(params) {
  for (const key of FILTER_KEYS) {
    const input = document.getElementById("f-" + key);
    if (input) input.value = params.get(key) || "";
  }
}
function formFilters() {
  const out = {};
  for (const key of FILTER_KEYS) {
    const value = document.getElementById("f-" + key).value.trim();
    if (value) out[key] = key === "country" ? value.toUpperCase() : value;
  }
  return out;
}

// ---- views ----------------------------------------------------------------------------------
async function eventsView(params) {
  const filters = filtersFrom(params);
  const sort = params.get("sort") || "date";
  const order = params.get("order") || "desc";
  const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  const page = await api("events", { ...filters, sort, order, offset, limit: PAGE_SIZE });
  const header = (label, key) => {
    if (!key) return h("th", {}, label);
    const next = sort === key && order === "desc" ? "asc" : "desc";
    const arrow = sort === key ? (order === "desc" ? " ▼" : " ▲") : "";
    return h("th", { "aria-sort": sort === key ? (order === "desc" ? "descending" : "ascending") : null },
      h("a", { href: routeHref("events", { ...filters, sort: key, order: next }), "data-sort": key }, label + arrow));
  };
  const rows = page.events.map((e) => h("tr", { "data-id": e.id },
    h("td", {}, e.date || "—"),
    h("td", {}, typeBadge(e.event_type)),
    h("td", {}, list(e.sources)),
    h("td", {}, list(e.targets)),
    h("td", { class: "evidence" }, h("a", { href: "#/event/" + encodeURIComponent(e.id), class: "open-event" }, e.evidence || "(no sentence)")),
    h("td", { class: "num" }, e.n_reports),
    h("td", { class: "num" }, e.n_outlets),
  ));
  const pager = h("nav", { class: "pager" },
    offset > 0 ? h("a", { href: routeHref("events", { ...filters, sort, order, offset: Math.max(0, offset - PAGE_SIZE) }), id: "prev" }, "← newer") : null,
    h("span", { id: "page-info" }, page.total ? `${offset + 1}–${offset + page.events.length} of ${page.total}` : "no events match"),
    offset + PAGE_SIZE < page.total ? h("a", { href: routeHref("events", { ...filters, sort, order, offset: offset + PAGE_SIZE }), id: "next" }, "older →") : null,
  );
  view(
    h("h1", {}, "Events"),
    h("table", { id: "events-table" },
      h("thead", {}, h("tr", {}, header("Date", "date"), header("Type", "type"), header("Source"), header("Target"),
        header("Evidence"), header("Reports", "reports"), header("Outlets", "outlets"))),
      h("tbody", {}, rows)),
    pager,
  );
}

function highlighted(sentence, spans) {
  const out = [];
  let at = 0;
  for (const span of spans || []) {
    if (span.start < at) continue;
    out.push(sentence.slice(at, span.start));
    out.push(h("mark", { class: "hl-" + span.kind, title: span.kind + (span.label ? ": " + span.label : "") },
      sentence.slice(span.start, span.end)));
    at = span.end;
  }
  out.push(sentence.slice(at));
  return out;
}

async function eventView(id) {
  const detail = await api("events/" + encodeURIComponent(id));
  const e = detail.event;
  const reports = detail.reports.map((r) => {
    const link = safeUrl(r.article.url);
    const attribution = (r.attribution || []).map((a) => `${a.source} (${a.kind})`).join("; ");
    const flags = [r.negated ? "negated" : null, r.hypothetical ? "hypothetical" : null].filter(Boolean).join(", ");
    return h("article", { class: "report", "data-event": r.event_id },
      h("blockquote", { class: "evidence-sentence" }, highlighted(r.evidence.sentence, r.highlights)),
      h("dl", {},
        h("dt", {}, "Type"), h("dd", {}, r.event_type + (r.mode ? " / " + r.mode : "") + " (CAMEO " + r.cameo_root + ")"),
        h("dt", {}, "Trigger"), h("dd", {}, r.trigger),
        h("dt", {}, "Source"), h("dd", {}, list(r.source_actors.map((a) => a.name))),
        h("dt", {}, "Target"), h("dd", {}, list(r.target_actors.map((a) => a.name))),
        h("dt", {}, "Date"), h("dd", {}, (r.date || "unknown") + (r.date_text ? ` from “${r.date_text}”` : "") + (r.date_basis ? ` [${r.date_basis}]` : "")),
        h("dt", {}, "Place"), h("dd", {}, r.location ? `${r.location.name} (${r.location.country || "?"})` : "—"),
        h("dt", {}, "According to"), h("dd", {}, attribution || "—"),
        flags ? h("dt", {}, "Flags") : null, flags ? h("dd", {}, flags) : null,
        h("dt", {}, "Confidence"), h("dd", {}, r.confidence.toFixed(2)),
        h("dt", {}, "Article"), h("dd", {},
          h("a", { href: "#/article/" + encodeURIComponent(r.article.id), class: "article-link" }, r.article.title),
          r.article.outlet ? " — " + r.article.outlet : "",
          link ? [" ", h("a", { href: link, rel: "noopener noreferrer nofollow", target: "_blank", class: "source-link" }, "source ↗")] : null),
      ));
  });
  view(
    h("p", {}, h("a", { href: "#/" }, "← events")),
    h("h1", {}, typeBadge(e.event_type), " ", (e.sources || []).join(", ") || "?", " → ", (e.targets || []).join(", ") || "?"),
    h("p", { class: "summary" }, `${e.date || "undated"}` + (e.n_dates > 1 ? ` (reports say ${e.date_min} to ${e.date_max})` : "") +
      ` · ${e.n_reports} report(s) from ${e.n_outlets} outlet(s)` + (e.location_country ? ` · ${e.location_country}` : "")),
    h("p", { class: "legend" }, "Highlighted: ", h("mark", { class: "hl-source" }, "source"), " ", h("mark", { class: "hl-target" }, "target"), " ",
      h("mark", { class: "hl-trigger" }, "trigger"), " ", h("mark", { class: "hl-date" }, "date"), " ", h("mark", { class: "hl-place" }, "place")),
    h("section", { id: "reports" }, reports),
  );
}

async function articleView(id) {
  const detail = await api("articles/" + encodeURIComponent(id));
  const a = detail.article;
  const text = a.text;
  const parts = [];
  let at = 0;
  for (const ev of detail.events) {
    if (ev.start < at || ev.start == null) continue;
    parts.push(text.slice(at, ev.start));
    parts.push(h("a", { href: ev.merged_id ? "#/event/" + encodeURIComponent(ev.merged_id) : null, class: "evidence-in-text", title: ev.event_type },
      text.slice(ev.start, ev.end)));
    at = ev.end;
  }
  parts.push(text.slice(at));
  const link = safeUrl(a.url);
  view(
    h("h1", {}, a.title),
    h("p", { class: "summary" }, [a.outlet, a.published_at].filter(Boolean).join(" · "),
      link ? [" · ", h("a", { href: link, rel: "noopener noreferrer nofollow", target: "_blank" }, "original ↗")] : null),
    h("div", { class: "article-text" }, parts),
  );
}

async function articlesView(params) {
  const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  const page = await api("articles", { offset, limit: PAGE_SIZE, outlet: params.get("outlet") || "" });
  view(
    h("h1", {}, "Articles"),
    h("table", { id: "articles-table" },
      h("thead", {}, h("tr", {}, h("th", {}, "Published"), h("th", {}, "Outlet"), h("th", {}, "Title"), h("th", {}, "Events"))),
      h("tbody", {}, page.articles.map((a) => h("tr", {},
        h("td", {}, a.published_at ? a.published_at.slice(0, 16).replace("T", " ") : "—"),
        h("td", {}, a.outlet || "—"),
        h("td", {}, h("a", { href: "#/article/" + encodeURIComponent(a.id) }, a.title)),
        h("td", { class: "num" }, a.events))))),
    h("nav", { class: "pager" },
      offset > 0 ? h("a", { href: routeHref("articles", { offset: Math.max(0, offset - PAGE_SIZE) }) }, "← newer") : null,
      h("span", {}, `${page.total ? offset + 1 : 0}–${offset + page.articles.length} of ${page.total}`),
      offset + PAGE_SIZE < page.total ? h("a", { href: routeHref("articles", { offset: offset + PAGE_SIZE }) }, "older →") : null),
  );
}

// A radial network: the actor in the middle, partners around it, edge width = merged events.
function partnerGraph(profile) {
  const weights = new Map();
  for (const row of profile.partners_as_source) if (row.target !== profile.name) weights.set(row.target, (weights.get(row.target) || 0) + row.events);
  for (const row of profile.partners_as_target) if (row.source !== profile.name) weights.set(row.source, (weights.get(row.source) || 0) + row.events);
  const partners = [...weights.entries()].sort((a, b) => b[1] - a[1]).slice(0, 16);
  const size = 460, cx = size / 2, cy = size / 2, radius = 165;
  const max = Math.max(1, ...partners.map((p) => p[1]));
  const svg = s("svg", { viewBox: `0 0 ${size} ${size}`, class: "graph", id: "partner-graph", role: "img", "aria-label": "Partner network" });
  partners.forEach(([name, weight], i) => {
    const angle = (2 * Math.PI * i) / Math.max(partners.length, 1) - Math.PI / 2;
    const x = cx + radius * Math.cos(angle), y = cy + radius * Math.sin(angle);
    svg.append(s("line", { x1: cx, y1: cy, x2: x, y2: y, "stroke-width": 1 + (6 * weight) / max, class: "edge" },
      s("title", {}, `${profile.name} — ${name}: ${weight} event(s)`)));
    const node = s("a", { href: "#/actor/" + encodeURIComponent(name), class: "node" },
      s("circle", { cx: x, cy: y, r: 6 + (8 * weight) / max }),
      s("text", { x, y: y + (y < cy ? -16 : 26), "text-anchor": "middle" }, name.length > 24 ? name.slice(0, 23) + "…" : name),
      s("title", {}, `${name}: ${weight} event(s)`));
    svg.append(node);
  });
  svg.append(s("circle", { cx, cy, r: 16, class: "centre" }));
  svg.append(s("text", { x: cx, y: cy + 34, "text-anchor": "middle", class: "centre-label" }, profile.name));
  if (!partners.length) svg.append(s("text", { x: cx, y: 40, "text-anchor": "middle" }, "no partners recorded"));
  return svg;
}

// Stacked bars of merged-event counts per period and type.
// Every period from the first to the last, so empty weeks/months show as gaps (at most 600).
function periodRange(first, last, interval) {
  const out = [];
  const d = new Date(first + "T00:00:00Z");
  const end = new Date(last + "T00:00:00Z");
  while (d <= end && out.length <= 600) {
    out.push(d.toISOString().slice(0, 10));
    if (interval === "month") d.setUTCMonth(d.getUTCMonth() + 1);
    else d.setUTCDate(d.getUTCDate() + (interval === "week" ? 7 : 1));
  }
  return out;
}

function stackedBars(rows, id, interval) {
  const seen = [...new Set(rows.map((r) => r.period.slice(0, 10)))].sort();
  const filled = seen.length ? periodRange(seen[0], seen[seen.length - 1], interval) : [];
  const periods = filled.length <= 600 && seen.every((p) => filled.includes(p)) ? filled : seen;
  const types = [...new Set(rows.map((r) => r.event_type))].sort();
  const totals = new Map(periods.map((p) => [p, 0]));
  for (const r of rows) totals.set(r.period.slice(0, 10), totals.get(r.period.slice(0, 10)) + r.events);
  const width = 900, height = 300, left = 40, bottom = 60, top = 10;
  const max = Math.max(1, ...totals.values());
  const gap = periods.length > 120 ? 0 : 2;
  const barWidth = Math.max(1, (width - left) / Math.max(periods.length, 1) - gap);
  const svg = s("svg", { viewBox: `0 0 ${width} ${height + 40}`, class: "chart", id, role: "img", "aria-label": "Events over time" });
  svg.append(s("line", { x1: left, y1: height - bottom, x2: width, y2: height - bottom, class: "axis" }));
  svg.append(s("text", { x: left - 6, y: top + 10, "text-anchor": "end", class: "tick" }, max));
  svg.append(s("text", { x: left - 6, y: height - bottom, "text-anchor": "end", class: "tick" }, 0));
  periods.forEach((period, i) => {
    const x = left + i * (barWidth + gap);
    let y = height - bottom;
    for (const type of types) {
      const row = rows.find((r) => r.period.slice(0, 10) === period && r.event_type === type);
      if (!row) continue;
      const barHeight = ((height - bottom - top) * row.events) / max;
      y -= barHeight;
      const rect = s("rect", { x, y, width: barWidth, height: barHeight, "data-type": type },
        s("title", {}, `${period} ${type}: ${row.events}`));
      rect.style.fill = TYPE_COLOURS[type] || "#999";
      svg.append(rect);
    }
    if (periods.length <= 24 || i % Math.ceil(periods.length / 24) === 0) {
      svg.append(s("text", { x: x + barWidth / 2, y: height - bottom + 12, class: "tick", transform: `rotate(45 ${x + barWidth / 2} ${height - bottom + 12})` }, period));
    }
  });
  const legend = h("p", { class: "legend" }, types.map((t) => [typeBadge(t), " "]));
  return h("figure", {}, svg, legend);
}

async function actorView(name) {
  const profile = await api("actors/" + encodeURIComponent(name));
  const roles = profile.roles.map((r) => h("li", {}, `${r.title}` + (r.country ? ` (${r.country})` : "") +
    ` ${r.start || "?"} – ${r.end || "present"}`));
  view(
    h("p", {}, h("a", { href: "#/" }, "← events")),
    h("h1", { id: "actor-name" }, profile.name),
    h("p", { class: "summary" }, [profile.actor_id, profile.country, profile.actor_type].filter(Boolean).join(" · ")),
    profile.aliases.length ? h("p", { class: "muted" }, "Also: " + profile.aliases.join(", ")) : null,
    roles.length ? [h("h2", {}, "Roles"), h("ul", {}, roles)] : null,
    h("h2", {}, "Events by type"),
    h("p", {}, Object.entries(profile.events_by_type).map(([t, n]) =>
      [h("a", { href: routeHref("events", { actor: profile.actor_id, type: t }) }, typeBadge(t), " ", String(n)), "  "])),
    h("p", {}, h("a", { href: routeHref("events", { actor: profile.actor_id }), id: "actor-events" }, "All events of this actor →")),
    h("div", { class: "two" },
      h("section", {}, h("h2", {}, "Partners"), partnerGraph(profile)),
      h("section", {}, h("h2", {}, "Timeline (per month)"), stackedBars(profile.timeline, "actor-timeline", "month"))),
  );
}

async function timelineView(params) {
  const filters = filtersFrom(params);
  const interval = params.get("interval") || "week";
  const series = await api("aggregates/series", { ...filters, interval });
  const picker = h("p", {}, "Per ", ["day", "week", "month"].map((i) => [
    i === interval ? h("strong", {}, i) : h("a", { href: routeHref("timeline", { ...filters, interval: i }) }, i), " "]));
  view(h("h1", {}, "Events over time"), picker,
    series.rows.length ? stackedBars(series.rows, "timeline-chart", interval) : h("p", { class: "muted" }, "no dated events match"));
}

let worldCache = null;
async function world() {
  if (!worldCache) {
    const response = await fetch("/static/world.geojson");
    if (!response.ok) throw new Error("world map not available");
    worldCache = await response.json();
  }
  return worldCache;
}

// Equirectangular projection of the bundled outlines; fill by merged events per country.
async function mapView(params) {
  const filters = filtersFrom(params);
  const [geo, counts] = await Promise.all([world(), api("aggregates/countries", filters)]);
  const byCountry = new Map(counts.rows.map((r) => [r.country, r.events]));
  const max = Math.max(1, ...byCountry.values());
  const north = 84, south = -58;  // no land worth drawing beyond (Antarctica is left out)
  const width = 960, height = Math.round((width * (north - south)) / 360);
  const project = ([lon, lat]) => [((lon + 180) / 360) * width, ((north - lat) / (north - south)) * height];
  const ringPath = (ring) => ring.map((pt, i) => (i ? "L" : "M") + project(pt).map((v) => v.toFixed(1)).join(",")).join("") + "Z";
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, class: "map", id: "world-map", role: "img", "aria-label": "Events per country" });
  svg.append(s("rect", { x: 0, y: 0, width, height, class: "sea" }));
  for (const feature of geo.features) {
    const iso = feature.properties.iso3;
    const polygons = feature.geometry.type === "Polygon" ? [feature.geometry.coordinates] : feature.geometry.coordinates;
    const d = polygons.map((poly) => poly.map(ringPath).join("")).join("");
    const n = byCountry.get(iso) || 0;
    const path = s("path", { d, class: n ? "country has-events" : "country", "data-iso3": iso, "fill-rule": "evenodd" },
      s("title", {}, `${feature.properties.name}: ${n} event(s)`));
    if (n) path.style.fill = `rgba(157, 47, 47, ${0.2 + (0.8 * Math.log(1 + n)) / Math.log(1 + max)})`;
    const link = n ? s("a", { href: routeHref("events", { ...filters, country: iso }) }, path) : path;
    svg.append(link);
  }
  const top = counts.rows.slice(0, 15).map((r) => h("li", {}, h("a", { href: routeHref("events", { ...filters, country: r.country }) }, r.country), ` ${r.events}`));
  view(h("h1", {}, "Events per country"), svg, h("h2", {}, "Most events"), h("ol", { id: "country-list" }, top));
}

async function searchView(params) {
  const q = params.get("q") || "";
  const found = await api("search", { q, limit: 20 });
  view(
    h("h1", {}, `Search: ${q}`),
    h("h2", {}, "Actors"),
    found.actors.length ? h("ul", { id: "search-actors" }, found.actors.map((a) => h("li", {}, actorLink(a.name),
      ` ${[a.country, a.actor_type].filter(Boolean).join(" · ")} · ${a.reports} report(s)`))) : h("p", { class: "muted" }, "none"),
    h("h2", {}, "Events"),
    found.events.length ? h("ul", { id: "search-events" }, found.events.map((e) => h("li", {}, typeBadge(e.event_type), " ", e.date || "",
      " ", h("a", { href: "#/event/" + encodeURIComponent(e.id) }, e.evidence || e.id)))) : h("p", { class: "muted" }, "none"),
  );
}

async function render() {
  const route = parseRoute();
  delete document.body.dataset.ready;  // tests and scripts wait for the new view, not the old one
  syncFilterForm(route.params);
  document.querySelectorAll("nav a[data-nav]").forEach((a) => a.classList.toggle("active", a.dataset.nav === route.name));
  document.body.dataset.view = route.name;
  try {
    if (route.name === "events") await eventsView(route.params);
    else if (route.name === "event") await eventView(route.arg);
    else if (route.name === "actor") await actorView(route.arg);
    else if (route.name === "article") await articleView(route.arg);
    else if (route.name === "articles") await articlesView(route.params);
    else if (route.name === "timeline") await timelineView(route.params);
    else if (route.name === "map") await mapView(route.params);
    else if (route.name === "search") await searchView(route.params);
    else view(h("p", { class: "error" }, "No such page."));
  } catch (err) {
    view(errorBox(err));
  }
  document.body.dataset.ready = route.name;
}

async function init() {
  try {
    const meta = await api("meta");
    const types = document.getElementById("f-type");
    for (const t of meta.event_types) types.append(h("option", { value: t }, t));
    const outlets = document.getElementById("f-outlet");
    for (const o of meta.outlets) outlets.append(h("option", { value: o }, o));
    document.getElementById("totals").textContent =
      `${meta.totals.merged_events} events from ${meta.totals.reports} reports in ${meta.totals.articles} articles` +
      (meta.first_date ? `, ${meta.first_date} to ${meta.last_date}` : "");
  } catch (err) {
    document.getElementById("totals").textContent = "Error: " + err.message;
  }
  document.getElementById("filters").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const current = parseRoute().name;
    const target = ["timeline", "map"].includes(current) ? current : "events";
    location.hash = routeHref(target, formFilters());
  });
  document.getElementById("f-clear").addEventListener("click", () => {
    const current = parseRoute().name;
    location.hash = routeHref(["timeline", "map"].includes(current) ? current : "events", {});
  });
  document.getElementById("search").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = document.getElementById("search-q").value.trim();
    if (q.length >= 2) location.hash = routeHref("search", { q });
  });
  window.addEventListener("hashchange", render);
  await render();
}

document.addEventListener("DOMContentLoaded", init);
