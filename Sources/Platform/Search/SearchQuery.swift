import Foundation

/// The texts the search engine knows (migration 0028): each has its own lexicon of words, from which a typed word
/// grows into its compound words, its typo corrections and its keyboard-layout swap.
public enum SearchScope: String, Sendable {
    /// `learning`: tests and the question bank.
    /// `people`: applicants' names (the applications desk), compared as words, not stems (`search_people_query`)
    case catalog, organizations, directories, events, people, learning
}
