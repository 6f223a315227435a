import Foundation

/// The documents the platform makes (SPEC §16), each with the placeholders its template may use and the default
/// template
/// shipped until an administrator uploads the region's own.
public enum DocumentKind: String, CaseIterable, Codable, Sendable {
    /// «Свидетельство об участии в мероприятии» of a confirmed sign-up (seed 000 §9)
    case participationCertificate = "participation_certificate"
    /// the order enrolling a group's learners (seed 000 «Документооборот»)
    case enrollmentOrder = "enrollment_order"
    /// «Удостоверение о повышении квалификации» of a learner who completed a program
    case completionCertificate = "completion_certificate"
    /// «Экспертный лист» of an expert's rating of a program, with the expert's facsimile (seed 000 «Экспертиза»)
    case expertSheet = "expert_sheet"

    public var title: String {
        switch self {
        case .participationCertificate: "Свидетельство об участии в мероприятии"
        case .enrollmentOrder: "Приказ о зачислении"
        case .completionCertificate: "Удостоверение о повышении квалификации"
        case .expertSheet: "Экспертный лист программы"
        }
    }

    /// Images every kind may place: the organization's logo and its head's facsimile signature.
    static let images: [String: String] = [
        "image:logo": "Логотип организации", "image:signature": "Факсимиле подписи руководителя",
    ]

    /// Every placeholder the kind fills, with what it holds (shown to the administrator who makes a template).
    public var placeholders: [String: String] {
        let organization = [
            "organization": "Полное наименование организации", "organizationShort": "Краткое наименование",
            "headName": "ФИО руководителя", "headPosition": "Должность руководителя", "city": "Город",
        ]
        let specific: [String: String]
        switch self {
        case .participationCertificate:
            specific = [
                "number": "Номер свидетельства", "participant": "ФИО участника", "event": "Мероприятие",
                "date": "Дата и время проведения", "place": "Место проведения", "issuedAt": "Дата выдачи",
                "verifyCode": "Код проверки", "verifyUrl": "Адрес страницы проверки",
            ]
        case .enrollmentOrder:
            specific = [
                "orderNumber": "Номер приказа", "orderDate": "Дата приказа", "program": "Программа",
                "hours": "Объём, часов", "group": "Группа", "startsOn": "Начало обучения",
                "endsOn": "Окончание обучения",
                "learners.n": "№ по порядку (строка таблицы)", "learners.name": "ФИО обучающегося (строка таблицы)",
                "learners.email": "E-mail обучающегося (строка таблицы)", "count": "Число зачисленных",
            ]
        case .completionCertificate:
            specific = [
                "number": "Номер удостоверения", "series": "Серия", "registrationNumber": "Регистрационный номер",
                "learner": "ФИО слушателя", "program": "Программа", "hours": "Объём, часов",
                "startsOn": "Начало обучения", "endsOn": "Окончание обучения", "issuedOn": "Дата выдачи",
                "result": "Результат", "verifyCode": "Код проверки", "verifyUrl": "Адрес страницы проверки",
            ]
        case .expertSheet:
            specific = [
                "program": "Программа", "programOrganization": "Организация, разработавшая программу",
                "hours": "Объём, часов", "expert": "ФИО эксперта", "questionnaire": "Анкета экспертизы",
                "questionnaireVersion": "Версия анкеты", "ratedOn": "Дата оценки", "score": "Итоговая оценка, из 100",
                "comment": "Комментарий эксперта", "answers.n": "№ критерия (строка таблицы)",
                "answers.question": "Критерий (строка таблицы)", "answers.answer": "Ответ эксперта (строка таблицы)",
                "image:facsimile": "Факсимиле подписи эксперта",
            ]
        }
        return organization.merging(specific) { a, _ in a }.merging(Self.images) { a, _ in a }
    }

    /// The default template: plain, complete, every placeholder in use.
    public func defaultTemplate() throws -> Data {
        if self == .expertSheet { return try Self.expertSheetTemplate() }
        var d = DocxBuilder()
        d.paragraph("{{image:logo}}", align: .center)
        d.paragraph("{{organization}}", bold: true, align: .center, spaceAfter: 360)
        switch self {
        case .participationCertificate:
            d.paragraph("СВИДЕТЕЛЬСТВО", bold: true, size: 20, align: .center, spaceAfter: 60)
            d.paragraph("об участии в мероприятии № {{number}}", size: 14, align: .center, spaceAfter: 480)
            d.paragraph("Настоящее свидетельство подтверждает, что", align: .center)
            d.paragraph("{{participant}}", bold: true, size: 16, align: .center)
            d.paragraph("принял(а) участие в мероприятии", align: .center)
            d.paragraph("«{{event}}»", bold: true, size: 14, align: .center)
            d.paragraph("{{date}}, {{place}}", align: .center, spaceAfter: 720)
        case .enrollmentOrder:
            d.paragraph("ПРИКАЗ", bold: true, size: 16, align: .center, spaceAfter: 60)
            d.paragraph("от {{orderDate}} № {{orderNumber}}", align: .center, spaceAfter: 60)
            d.paragraph("{{city}}", align: .center, spaceAfter: 360)
            d.paragraph("О зачислении на обучение", bold: true, spaceAfter: 240)
            d.paragraph(
                "Зачислить с {{startsOn}} по {{endsOn}} на обучение по программе «{{program}}» ({{hours}} ч), "
                    + "группа «{{group}}», следующих слушателей ({{count}}):", align: .both)
            d.table(
                widths: [700, 5200, 3300], header: ["№", "ФИО", "E-mail"],
                rows: [["{{learners.n}}", "{{learners.name}}", "{{learners.email}}"]])
            d.paragraph("", spaceAfter: 480)
        case .expertSheet: break
        case .completionCertificate:
            d.paragraph("УДОСТОВЕРЕНИЕ", bold: true, size: 20, align: .center, spaceAfter: 60)
            d.paragraph("о повышении квалификации", size: 14, align: .center, spaceAfter: 60)
            d.paragraph("серия {{series}} № {{number}}, рег. № {{registrationNumber}}", align: .center, spaceAfter: 480)
            d.paragraph("Настоящее удостоверение выдано", align: .center)
            d.paragraph("{{learner}}", bold: true, size: 16, align: .center)
            d.paragraph(
                "в том, что он(а) с {{startsOn}} по {{endsOn}} прошёл(а) обучение по дополнительной профессиональной "
                    + "программе повышения квалификации «{{program}}» в объёме {{hours}} часов.", align: .both)
            d.paragraph("Результат: {{result}}", spaceAfter: 720)
        }
        d.paragraph("{{headPosition}}", spaceAfter: 0)
        d.paragraph("{{image:signature}}")
        d.paragraph("{{headName}}", spaceAfter: 360)
        if self != .enrollmentOrder {
            d.paragraph("{{city}}, {{\(self == .participationCertificate ? "issuedAt" : "issuedOn")}}")
            d.paragraph("Проверить подлинность: {{verifyUrl}} (код {{verifyCode}})", size: 10)
        }
        return try d.docx()
    }

    /// The expert's sheet: what was judged, every criterion with the expert's answer, the score, the comment and the
    /// expert's facsimile; the expertise is ЦОПП's, so no organization's letterhead.
    static func expertSheetTemplate() throws -> Data {
        var d = DocxBuilder()
        d.paragraph("ЭКСПЕРТНЫЙ ЛИСТ", bold: true, size: 16, align: .center, spaceAfter: 60)
        d.paragraph("дополнительной профессиональной программы", align: .center, spaceAfter: 360)
        d.paragraph("Программа: «{{program}}»", bold: true)
        d.paragraph("Организация: {{programOrganization}}")
        d.paragraph("Объём: {{hours}} ч")
        d.paragraph("Анкета: {{questionnaire}}, версия {{questionnaireVersion}}", spaceAfter: 240)
        d.table(
            widths: [700, 5600, 2900], header: ["№", "Критерий", "Оценка эксперта"],
            rows: [["{{answers.n}}", "{{answers.question}}", "{{answers.answer}}"]])
        d.paragraph("", spaceAfter: 120)
        d.paragraph("Итоговая оценка: {{score}} из 100", bold: true)
        d.paragraph("Комментарий эксперта: {{comment}}", align: .both, spaceAfter: 480)
        d.paragraph("Эксперт", spaceAfter: 0)
        d.paragraph("{{image:facsimile}}")
        d.paragraph("{{expert}}", spaceAfter: 240)
        d.paragraph("{{ratedOn}}")
        return try d.docx()
    }
}
