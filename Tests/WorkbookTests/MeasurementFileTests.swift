import Testing
import Engine
@testable import Workbook

@Suite struct MeasurementFileTests {
    static let header = "step,shape,gflops"

    @Test func readsTheAboutLinesAndTheFields() throws {
        let text = "# Speeds.\n# date: 2026-12-03 19:38 UTC\n# a note with spaces: left out\n\(Self.header)\n"
            + "definition,64x128x784,0.716\n\n# later: not about\nengine,64x128x784,210.5\n"
        let file = try MeasurementFile(text, header: Self.header, example: "definition,8x8x8,1.0", source: "speeds.csv")
        #expect(file.about.map(\.key) == ["date"])
        #expect(file.value("date") == "2026-12-03 19:38 UTC")
        #expect(file.lines.map(\.number) == [5, 8])
        #expect(file.lines.map(\.fields) == [["definition", "64x128x784", "0.716"], ["engine", "64x128x784", "210.5"]])
        #expect(file.wrong(file.lines[1]).description.contains(
            "speeds.csv, line 8: expected \"step,shape,gflops\" and then lines such as \"definition,8x8x8,1.0\", found \"engine,64x128x784,210.5\""))
    }

    @Test func refusesDataBeforeTheHeader() {
        #expect(throws: WorkbookError.self) {
            try MeasurementFile("# x\ndefinition,1x1x1,1\n\(Self.header)\n", header: Self.header, example: "a,b,1", source: "f.csv")
        }
    }
}
