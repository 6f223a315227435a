import PostgresNIO

/// Turns constraint violations into client errors naming the field; anything else stays a server error.
public enum DatabaseErrors {
    /// Unique/foreign-key constraint name → the API field it protects.
    static let constraintFields: [String: (field: String, message: String)] = [
        "users_email_key": ("email", "Пользователь с таким адресом электронной почты уже зарегистрирован"),
        "organizations_inn_kpp_key": ("organization.inn", "Организация с таким ИНН и КПП уже зарегистрирована"),
        "memberships_pkey": ("email", "Пользователь уже состоит в организации"),
        "directory_items_kind_code_key": ("code", "Элемент с таким кодом уже есть в справочнике"),
        "issued_documents_org_id_document_type_id_series_number_key": (
            "documentNumber", "Документ с таким видом, серией и номером уже выдан"
        ),
        "enrollment_records_application_id_kind_key": ("orderNumber", "Приказ для этой заявки уже записан"),
        "programs_one_revision": ("status", "Новая версия программы уже создана: продолжите её"),
        // two starts of one learner at once: the second finds the first one's attempt
        "test_attempts_one_active": ("testId", "Попытка уже идёт: продолжите её"),
        "test_attempts_test_id_learner_id_number_key": ("testId", "Попытка уже идёт: продолжите её"),
    ]

    public static func problem(for error: PSQLError) -> Problem? {
        guard let code = error.serverInfo?[.sqlState] else { return nil }
        let constraint = error.serverInfo?[.constraintName] ?? ""
        switch code {
        case "23505":
            let known = constraintFields[constraint]
            return Problem.conflict(
                known?.message ?? "Такая запись уже существует", field: known?.field ?? constraint, code: "duplicate")
        case "23503":
            return Problem.conflict(
                "Запись связана с другими данными", field: constraintFields[constraint]?.field, code: "referenced")
        case "22003":
            // a number beyond its column (validation names the field first; this is the net under it)
            return Problem.validation([FieldError("body", "out_of_range", "Число вне допустимого диапазона")])
        case "23514", "22001", "22P02", "22007", "22008", "22021", "22P05":
            return Problem.validation([
                FieldError(constraint.isEmpty ? "body" : constraint, "invalid", "Недопустимое значение")
            ])
        default:
            return nil
        }
    }
}
