package ncloud_test

import (
	"fmt"

	"github.com/ncpimage/ncpimage/ncloud"
)

func ExampleSign() {
	// The signature of a request whose parameters all travel in the body
	// covers the path alone.
	fmt.Println(ncloud.Sign("GET", "/vserver/v2/getRegionList?responseFormatType=json", "1505290625682", "KEY", "SECRET"))
	// Output: y3eWBJvVG1Imi9XQu3RClQ6DxcMIv0MuSHbnnIIguHc=
}

func ExampleCredentials() {
	c := ncloud.Credentials{AccessKey: "ncp_iam_AK", SecretKey: "do-not-show"}
	fmt.Println(c)
	fmt.Printf("%#v\n", c)
	// Output:
	// {AccessKey:ncp_iam_AK SecretKey:****}
	// ncloud.Credentials{AccessKey:"ncp_iam_AK", SecretKey:"****"}
}

func ExampleLoadCredentials() {
	env := map[string]string{"NCLOUD_ACCESS_KEY": "ncp_iam_AK"}
	_, err := ncloud.LoadCredentials(func(k string) string { return env[k] }, "/nonexistent")
	fmt.Println(err)
	// Output: no NCP API credentials found: environment: NCLOUD_SECRET_ACCESS_KEY or NCLOUD_SECRET_KEY not set; /nonexistent/.ncloud/configure: no such file
}
