/*
 * refman's host for citeproc-js inside mini-racer (embedded V8).
 *
 * Evaluated after citeproc.js. citeproc-js asks its host ("sys") for locales and items
 * synchronously; mini-racer can only call Python asynchronously, so Python pushes every locale
 * once (setLocales) and the items of each request (in the call itself) before formatting.
 *
 * Each request starts from an empty registry (updateItems([]) then updateItems(ids)) so that the
 * result depends only on the items passed, never on an earlier request on the same engine. The
 * calls mirror what Zotero does for Quick Copy: updateItems + makeBibliography for a bibliography
 * (one citation per item for a style without one), updateItems + previewCitationCluster for an
 * in-text citation, with Zotero's wrap_url_and_doi option. tests/tools/make_golden.js must do the
 * same calls on node; tests/test_cite_golden.py checks that both agree.
 */
var REFMAN_HOST = (function () {
    "use strict";
    var locales = {};
    var dialects = {};
    var items = {};
    var engines = {};

    function findLocale(lang) {
        var wanted = String(lang || "en-US");
        if (locales[wanted]) {
            return locales[wanted];
        }
        var lower = wanted.toLowerCase().replace(/_/g, "-");
        var bare = lower.split("-")[0];
        var key;
        for (key in locales) {
            if (key.toLowerCase() === lower) {
                return locales[key];
            }
        }
        if (lower === bare && dialects[bare] && locales[dialects[bare]]) {
            return locales[dialects[bare]];
        }
        for (key in locales) {
            if (key.toLowerCase().indexOf(lower + "-") === 0) {
                return locales[key];
            }
        }
        if (dialects[bare] && locales[dialects[bare]]) {
            return locales[dialects[bare]];
        }
        return locales["en-US"];
    }

    var sys = {
        retrieveLocale: findLocale,
        retrieveItem: function (id) {
            return items[id];
        }
    };

    function load(list) {
        var ids = [];
        items = {};
        for (var i = 0; i < list.length; i += 1) {
            var id = String(list[i].id);
            if (!items.hasOwnProperty(id)) {
                ids.push(id);
            }
            items[id] = list[i];
            items[id].id = id;
        }
        return ids;
    }

    function engine(key) {
        var found = engines[key];
        if (!found) {
            throw new Error("refman: no citation engine built for " + key);
        }
        return found;
    }

    function cluster(ids) {
        var citationItems = [];
        for (var i = 0; i < ids.length; i += 1) {
            citationItems.push({id: ids[i]});
        }
        return {citationItems: citationItems, properties: {}};
    }

    return {
        setLocales: function (byTag, primaryDialects) {
            locales = byTag;
            dialects = primaryDialects;
            return true;
        },
        build: function (key, styleXml, lang, forceLang) {
            var built = new CSL.Engine(sys, styleXml, lang, forceLang);
            built.opt.development_extensions.wrap_url_and_doi = true;
            engines[key] = built;
            return built.opt["class"] || "";
        },
        drop: function (key) {
            delete engines[key];
            return true;
        },
        bibliography: function (key, list, format) {
            var e = engine(key);
            var ids = load(list);
            e.setOutputFormat(format);
            e.updateItems([]);
            e.updateItems(ids);
            var bib = e.makeBibliography();
            if (bib) {
                return {entries: bib[1], params: bib[0]};
            }
            var entries = [];
            for (var i = 0; i < ids.length; i += 1) {
                entries.push(e.previewCitationCluster(cluster([ids[i]]), [], [], format));
            }
            return {entries: entries, params: null};
        },
        citation: function (key, list, format) {
            var e = engine(key);
            var ids = load(list);
            e.setOutputFormat(format);
            e.updateItems([]);
            e.updateItems(ids);
            return e.previewCitationCluster(cluster(ids), [], [], format);
        }
    };
}());
