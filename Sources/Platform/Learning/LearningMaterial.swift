import Foundation

/// A learning material as its author sends it (seed 000 «Учебные материалы»: «Параметры», «Ссылки», «Файлы»).
public struct LearningMaterialInput: Codable, Sendable {
    var organizationId: UUID?
    var name: String?
    var summary: String?
    var description: String?
    var lessonId: UUID?
    var competencyId: UUID?
    var visibility: String?
    var materials: [LessonMaterial]?
}

struct LearningMaterialFields: Codable, Sendable, Equatable {
    var name: String
    var summary: String?
    var description: String?
    var lessonId: UUID?
    var competencyId: UUID?
    var visibility: String
    var materials: [LessonMaterial]

    var fileIds: [UUID] { materials.compactMap(\.fileId) }

    static func validated(_ i: LearningMaterialInput) throws -> LearningMaterialFields {
        var v = Validator()
        let name = v.required(i.name, "name", max: 500)
        let summary = v.optional(i.summary, "summary", max: 1000)
        let description = v.optional(i.description, "description", max: 20000)
        let visibility = i.visibility ?? LearningVisibility.closed.rawValue
        if LearningVisibility(rawValue: visibility) == nil {
            v.add("visibility", "invalid_choice", "Доступ: public, open или closed")
        }
        let materials = i.materials ?? []
        if materials.count > CheckTaskFields.maxMaterials {
            v.add("materials", "count", "Не более \(CheckTaskFields.maxMaterials) ссылок и файлов")
        }
        let checked = materials.enumerated().map { n, m in
            var m = m
            m.title = v.required(m.title, "materials[\(n)].title", max: 300)
            CheckTaskFields.check(m, "materials[\(n)]", &v)
            return m
        }
        try v.throwIfInvalid()
        return LearningMaterialFields(
            name: name, summary: summary, description: description, lessonId: i.lessonId,
            competencyId: i.competencyId, visibility: visibility, materials: checked)
    }
}

/// An expert's decision on a material sent to expertise.
public struct MaterialExpertiseInput: Codable, Sendable {
    var approved: Bool?
    var comment: String?
}

/// Who decides a material's expertise: experts of another organization than the material's, and ЦОПП's operators.
enum MaterialExperts {
    static let roles: Set<Role> = [.expert, .admin, .coppStaff, .moderator]

    static func mayDecide(_ me: Identity, org: UUID) -> Bool {
        me.hasAny(TrainingAccess.operators) || (me.has(.expert) && !me.orgIds.contains(org))
    }
}
