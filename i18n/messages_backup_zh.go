package i18n

// zhBackupMessages translates the messages of backup and restore. It is
// kept apart from zhMessages so that modules can add to the catalogue
// without editing one shared literal; init merges it.
var zhBackupMessages = map[string]string{
	"%s is not a Guanjia backup: it has no manifest.json.":                           "%s 不是管家的备份：其中没有 manifest.json。",
	"The backup directory %s is not empty.":                                          "备份目录 %s 不是空的。",
	"The backup is of a %s database; restore it into one of the same kind.":          "这是 %s 数据库的备份，请恢复到同类数据库。",
	"The backup's manifest is not valid: %s.":                                        "备份清单无效：%s。",
	"The database %s is not empty; restore into an empty one or use --force.":        "数据库 %s 不是空的；请恢复到空数据库，或使用 --force。",
	"The file %s in the backup is damaged: its checksum does not match.":             "备份中的文件 %s 已损坏：校验和不符。",
	"The file %s is missing from the backup.":                                        "备份中缺少文件 %s。",
	"The photo directory %s is not empty; restore into an empty one or use --force.": "照片目录 %s 不是空的；请恢复到空目录，或使用 --force。",
	"The restored database does not match the backup's manifest.":                    "恢复后的数据库与备份清单不符。",
}

func init() {
	for k, v := range zhBackupMessages {
		zhMessages[k] = v
	}
}
