# Multi-stage build: a static, CGO-free binary on a minimal non-root image.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/datenportal ./cmd/datenportal

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/datenportal /datenportal
ENV DATENPORTAL_ADDR=0.0.0.0:8080 \
    DATENPORTAL_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8080
USER nonroot:nonroot
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD ["/datenportal", "healthcheck"]
ENTRYPOINT ["/datenportal"]
CMD ["serve"]
