/// Russian plural forms: «1 заявка», «2 заявки», «5 заявок», «21 заявка», «11 заявок». The web has the same rule
/// (`plural` in web/js/ui.js).
public enum RussianPlural {
    /// `count` with the noun in its form: `one` for 1, 21, 101…; `few` for 2–4, 22–24…; `many` otherwise (0, 5–20,
    /// 11–14).
    public static func count(_ count: Int, _ one: String, _ few: String, _ many: String) -> String {
        "\(count) " + form(count, one, few, many)
    }

    public static func form(_ count: Int, _ one: String, _ few: String, _ many: String) -> String {
        let n = abs(count) % 100
        if (11...14).contains(n) { return many }
        switch n % 10 {
        case 1: return one
        case 2...4: return few
        default: return many
        }
    }
}
