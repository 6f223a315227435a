import Foundation
import PostgresNIO

public struct BatchRow: Decodable, Sendable {
    var lastName: String?
    var firstName: String?
    var middleName: String?
    var email: String?
    var snils: String?
    var position: String?
    var phone: String?
    var birthDate: String?
    /// male / female (or М / Ж in a CSV)
    var sex: String?
}

public struct BatchInput: Decodable, Sendable {
    var programId: UUID?
    /// employees (an employer's staff) or teachers (an educational organization's, for upskilling)
    var kind: String?
    var organizationId: UUID?
    var comment: String?
    var rows: [BatchRow]?
}

/// A mass application's rows: the CSV columns an employer's file may carry, and the check of every row (each error
/// named by row and column, `rows[i].field`), pure so that it is tested without a database.
enum ApplicationBatch {
    static let maxRows = 20_000
    static let maxErrors = 500

    /// CSV columns, by their Russian or API names → the row field.
    static let columns: [String: String] = [
        "фамилия": "lastName", "lastname": "lastName", "имя": "firstName", "firstname": "firstName",
        "отчество": "middleName", "middlename": "middleName",
        "e-mail": "email", "email": "email", "электронная почта": "email", "снилс": "snils", "snils": "snils",
        "должность": "position", "position": "position",
        "телефон": "phone", "phone": "phone", "дата рождения": "birthDate", "birthdate": "birthDate", "пол": "sex",
        "sex": "sex",
    ]
    static let requiredColumns = [
        ("lastName", "Фамилия"), ("firstName", "Имя"), ("email", "E-mail"), ("snils", "СНИЛС"),
        ("position", "Должность"),
    ]

    static func set(_ row: inout BatchRow, _ field: String, _ value: String) {
        switch field {
        case "lastName": row.lastName = value
        case "firstName": row.firstName = value
        case "middleName": row.middleName = value
        case "email": row.email = value
        case "snils": row.snils = value
        case "position": row.position = value
        case "phone": row.phone = value
        case "sex": row.sex = value
        default: row.birthDate = isoDate(value)
        }
    }

    /// Excel on Russian Windows saves dates as ДД.ММ.ГГГГ: they are read as ГГГГ-ММ-ДД; anything else is left for the
    /// date check to name.
    static func isoDate(_ value: String) -> String {
        let parts = value.trimmingCharacters(in: .whitespaces).split(separator: ".")
        guard parts.count == 3, parts[0].count == 2, parts[1].count == 2, parts[2].count == 4,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { return value }
        return "\(parts[2])-\(parts[1])-\(parts[0])"
    }

    /// Rows of an uploaded CSV; unknown or missing columns are errors naming them.
    static func rows(csv text: String) throws -> [BatchRow] {
        let table = CSVReader.rows(text)
        guard let header = table.first else { throw Problem.validation([FieldError("file", "empty", "Файл пуст")]) }
        let fields = header.map { columns[$0.trimmingCharacters(in: .whitespaces).lowercased()] }
        var errors: [FieldError] = []
        for (name, field) in zip(header, fields)
        where field == nil && !name.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(FieldError("file", "unknown_column", "Неизвестный столбец «\(name)»"))
        }
        for (field, title) in requiredColumns where !fields.contains(field) {
            errors.append(FieldError("file", "missing_column", "Нет столбца «\(title)»"))
        }
        if !errors.isEmpty {
            var problem = Problem.validation(Array(errors.prefix(20)))
            if errors.count > 20 {
                problem.detail = "Ошибок в заголовке: \(errors.count) (показаны первые 20). Ничего не сохранено."
            }
            throw problem
        }
        return table.dropFirst().map { cells in
            var row = BatchRow()
            for (i, field) in fields.enumerated() where i < cells.count { if let field { set(&row, field, cells[i]) } }
            return row
        }
    }

    struct Clean {
        // optional values are "" here and NULL in the table (arrays of optionals do not bind)
        var last: [String] = [], first: [String] = [], middle: [String] = [], email: [String] = [], snils: [String] = []
        var position: [String] = [], phone: [String] = [], birth: [String] = [], sex: [String] = []
    }

    /// Checks every row; errors are `rows[i].field`.
    static func validate(_ rows: [BatchRow]) -> (Clean, [FieldError]) {
        var clean = Clean()
        var errors: [FieldError] = []
        var seenEmail: [String: Int] = [:]
        var seenSNILS: [String: Int] = [:]
        for (i, r) in rows.enumerated() {
            var v = Validator()
            let p = "rows[\(i)]."
            let last = v.required(r.lastName, p + "lastName", max: 100)
            let first = v.required(r.firstName, p + "firstName", max: 100)
            let middle = v.optional(r.middleName, p + "middleName", max: 100)
            let email = v.email(r.email, p + "email")
            let snilsRaw = v.required(r.snils, p + "snils", max: 20)
            let snils = snilsRaw.filter(\.isNumber)
            if !snilsRaw.isEmpty && !RussianIdentifiers.isValidSNILS(snilsRaw) {
                v.add(p + "snils", "invalid_snils", "СНИЛС указан неверно (контрольное число)")
            }
            let position = v.required(r.position, p + "position", max: 200)
            let phone = v.phone(r.phone, p + "phone")
            let birth = v.date(r.birthDate, p + "birthDate")
            let sex: String
            switch r.sex?.trimmingCharacters(in: .whitespaces).lowercased() ?? "" {
            case "": sex = ""
            case "м", "муж", "мужской", "male": sex = "male"
            case "ж", "жен", "женский", "female": sex = "female"
            default:
                sex = ""
                v.add(p + "sex", "invalid_choice", "Пол: М или Ж")
            }
            if !email.isEmpty, let other = seenEmail[email] {
                v.add(p + "email", "duplicate", "Этот адрес уже в строке \(other + 1)")
            }
            if !snils.isEmpty, let other = seenSNILS[snils] {
                v.add(p + "snils", "duplicate", "Этот СНИЛС уже в строке \(other + 1)")
            }
            seenEmail[email] = seenEmail[email] ?? i
            seenSNILS[snils] = seenSNILS[snils] ?? i
            errors += v.errors
            clean.last.append(last)
            clean.first.append(first)
            clean.middle.append(middle ?? "")
            clean.email.append(email)
            clean.snils.append(snils)
            clean.position.append(position)
            clean.phone.append(phone ?? "")
            clean.birth.append(birth ?? "")
            clean.sex.append(sex)
        }
        return (clean, errors)
    }

    static func rowsProblem(_ errors: [FieldError]) -> Problem {
        var problem = Problem.validation(Array(errors.prefix(maxErrors)))
        let rows = Set(errors.compactMap { $0.field.split(separator: "]").first }).count
        problem.detail =
            "Строк с ошибками: \(rows), ошибок: \(errors.count)"
            + (errors.count > maxErrors ? " (показаны первые \(maxErrors))" : "") + ". Ничего не сохранено."
        return problem
    }

}
