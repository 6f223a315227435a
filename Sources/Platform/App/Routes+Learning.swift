import Foundation

/// E-learning (SPEC §10): the question bank, tests, attempts and results; check tasks and their answers. Authors are
/// members of organizations (`LearningAccess` decides per organization); taking a test or handing in an answer is any
/// signed-in learner's whose group was given it.
func registerLearningRoutes(_ r: RouteTable, _ s: Services) {
    let staff = TrainingAccess.regionReaders
    let bank = QuestionBankController(service: QuestionBankService(db: s.db))
    r.get("/api/v1/test-questions", .anyOrganizationOr(staff), bank.list)
    r.post("/api/v1/test-questions", .anyOrganizationOr(staff), bank.create)
    r.get("/api/v1/test-questions/{questionId}", .anyOrganizationOr(staff), bank.show)
    r.put("/api/v1/test-questions/{questionId}", .anyOrganizationOr(staff), bank.update)
    r.delete("/api/v1/test-questions/{questionId}", .anyOrganizationOr(staff), bank.delete)
    r.post("/api/v1/test-questions/{questionId}/copy", .anyOrganizationOr(staff), bank.copy)

    let tests = TestsController(service: TestsService(db: s.db))
    r.get("/api/v1/tests", .anyOrganizationOr(staff), tests.list)
    r.post("/api/v1/tests", .anyOrganizationOr(staff), tests.create)
    r.get("/api/v1/tests/{testId}", .anyOrganizationOr(staff), tests.show)
    r.put("/api/v1/tests/{testId}", .anyOrganizationOr(staff), tests.update)
    r.delete("/api/v1/tests/{testId}", .anyOrganizationOr(staff), tests.delete)
    r.post("/api/v1/tests/{testId}/questions", .anyOrganizationOr(staff), tests.addQuestions)
    r.post("/api/v1/tests/{testId}/questions/random", .anyOrganizationOr(staff), tests.addRandom)
    r.delete("/api/v1/tests/{testId}/questions/{questionId}", .anyOrganizationOr(staff), tests.removeQuestion)
    r.put("/api/v1/tests/{testId}/groups", .anyOrganizationOr(staff), tests.assign)
    r.delete("/api/v1/tests/{testId}/groups/{groupId}", .anyOrganizationOr(staff), tests.unassign)
    r.get("/api/v1/tests/{testId}/question-stats", .anyOrganizationOr(staff), tests.questionStats)

    let attempts = AttemptsController(service: AttemptsService(db: s.db))
    r.get("/api/v1/me/tests", .signedIn, attempts.mine)
    r.post("/api/v1/tests/{testId}/attempts", .signedIn, attempts.start)
    r.get("/api/v1/test-attempts", .anyOrganizationOr(staff), attempts.results)
    r.get("/api/v1/test-attempts/{attemptId}", .signedIn, attempts.show)
    r.put("/api/v1/test-attempts/{attemptId}/answers/{questionId}", .signedIn, attempts.answer)
    r.post("/api/v1/test-attempts/{attemptId}/finish", .signedIn, attempts.finish)

    let tasks = CheckTasksController(service: CheckTasksService(db: s.db))
    r.get("/api/v1/check-tasks", .anyOrganizationOr(staff), tasks.list)
    r.post("/api/v1/check-tasks", .anyOrganizationOr(staff), tasks.create)
    r.get("/api/v1/check-tasks/{taskId}", .open, tasks.show)  // by the task's visibility and the caller's groups
    r.put("/api/v1/check-tasks/{taskId}", .anyOrganizationOr(staff), tasks.update)
    r.delete("/api/v1/check-tasks/{taskId}", .anyOrganizationOr(staff), tasks.delete)
    r.put("/api/v1/check-tasks/{taskId}/groups", .anyOrganizationOr(staff), tasks.assign)
    r.delete("/api/v1/check-tasks/{taskId}/groups/{groupId}", .anyOrganizationOr(staff), tasks.unassign)

    let answers = SubmissionsController(service: SubmissionsService(db: s.db))
    r.get("/api/v1/me/check-tasks", .signedIn, answers.mine)
    r.put("/api/v1/check-tasks/{taskId}/submission", .signedIn, answers.handIn)
    r.get("/api/v1/check-task-submissions", .anyOrganizationOr(staff), answers.list)
    r.get("/api/v1/check-task-submissions/{submissionId}", .signedIn, answers.show)
    r.put("/api/v1/check-task-submissions/{submissionId}/grade", .anyOrganizationOr(staff), answers.grade)

    let materials = MaterialsController(service: MaterialsService(db: s.db))
    r.get("/api/v1/materials", .anyOrganizationOr(staff), materials.list)
    r.post("/api/v1/materials", .anyOrganizationOr(staff), materials.create)
    r.get("/api/v1/materials/{materialId}", .open, materials.show)  // by its visibility, topics' groups, expertise
    r.put("/api/v1/materials/{materialId}", .anyOrganizationOr(staff), materials.update)
    r.delete("/api/v1/materials/{materialId}", .anyOrganizationOr(staff), materials.delete)
    r.post("/api/v1/materials/{materialId}/expertise", .anyOrganizationOr(staff), materials.sendToExpertise)
    r.put("/api/v1/materials/{materialId}/expertise", .roles(MaterialExperts.roles), materials.decide)
    r.get("/api/v1/material-expertise", .roles(MaterialExperts.roles), materials.expertiseQueue)
    r.get("/api/v1/library", .open, materials.library)
    r.get("/api/v1/me/materials", .signedIn, materials.mine)
    r.post("/api/v1/modules/{moduleId}/topics/{topicId}/materials", .anyOrganizationOr(staff), materials.attach)
    r.delete(
        "/api/v1/modules/{moduleId}/topics/{topicId}/materials/{materialId}", .anyOrganizationOr(staff),
        materials.detach)
}
