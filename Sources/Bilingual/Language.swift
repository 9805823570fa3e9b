// Language: the language a chapter prints in (--lang). English is the default; a text that gives no
// Chinese prints its English.

public enum Language: String, CaseIterable, Sendable {
    case en
    case zh
}
