import Foundation
import Logging

/// Applies the catalog's notices (`catalog_changed`, migrations 0028–0029) to the answers kept in memory.
///
/// Scopes are dropped as named (`p:<program>` a card, `*` everything, `entries`/`cards` all answers, `terms` those
/// reading programs' terms). A notice naming changed entries (`e:<program>`, `t:<program>` when only its terms
/// changed: price, accessibility, partners, group starts) is looked at: the programs' present entries are read once,
/// with which of the remembered answers' texts they match, and only answers that counted or showed one of them, or
/// would hold it now, are dropped (`CatalogAnswer.touched`). A college changing a description every few seconds thus
/// leaves the other few thousand answers in memory (before, each change emptied them all and p99 under changes was
/// half a second).
///
/// Notices are applied one after another (`ChangeListener` awaits each), in commit order. A change of the catalog's
/// lexicon (a new word, the hourly recount) notifies `text`: what a remembered text means may have changed.
public struct CatalogChanges: Sendable {
    let cache: CatalogCache
    let catalog: CatalogRepository
    let logger: Logger

    public init(cache: CatalogCache, catalog: CatalogRepository, logger: Logger) {
        self.cache = cache
        self.catalog = catalog
        self.logger = logger
    }

    public func notice(_ payload: String) async {
        if payload.hasPrefix(CatalogCache.syncPrefix) { return cache.invalidate(payload: payload) }
        var scopes: [String] = []
        var changed: [UUID] = []
        var onlyTerms: Set<UUID> = []
        for part in payload.split(separator: ",") {
            let id = UUID(uuidString: String(part.dropFirst(2)))
            switch (part.prefix(2), id) {
            case ("e:", let id?): changed.append(id)
            case ("t:", let id?):
                changed.append(id)
                onlyTerms.insert(id)
            default: scopes.append(part == "cards" ? "entries" : String(part))
            }
        }
        if !scopes.isEmpty { cache.invalidate(scopes: scopes) }
        guard !changed.isEmpty else { return }
        let kept = cache.beginChange()
        // a change of terms only reaches answers reading terms: only their texts need matching
        let termsOnly = changed.allSatisfy(onlyTerms.contains)
        var queries: [String: Int] = [:]
        var texts: [String] = []
        for (_, answer) in kept where !termsOnly || answer.readsTerms {
            for text in [answer.text, answer.exactText].compactMap({ $0 }) where queries[text] == nil {
                queries[text] = texts.count
                texts.append(text)
            }
        }
        do {
            let entries = try await catalog.entries(changed, matching: texts)
            let now = Dictionary(entries.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            cache.drop(
                kept.filter { _, answer in
                    changed.contains {
                        answer.touched(by: $0, now: now[$0], queries: queries, onlyTerms: onlyTerms.contains($0))
                    }
                }.map(\.key))
        } catch {
            // without the entries nothing can be told apart: every search answer goes
            logger.warning("catalog change not looked at", metadata: ["error": "\(String(reflecting: error))"])
            cache.invalidate(scopes: ["entries"])
        }
    }
}
